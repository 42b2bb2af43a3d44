declare module '@octokit/fixtures' {
  const fixtures: {
    /** Recorded exchanges of a scenario, e.g. 'api.github.com/paginate-issues'. */
    get(name: string): unknown[];
  };
  export default fixtures;
}
