/**
 * The Codex CLI tarballs the suite runs, pinned by the sha512 integrity the npm registry publishes
 * for each (`npm view @openai/codex@<version> dist.integrity`, and the same for every platform
 * package). Compiled into the bundle: a tarball from the tool cache, the Actions cache or the
 * registry runs only when its bytes hash to this value. A new version is added here on purpose.
 */
export interface CodexPin {
  /** `@openai/codex@<version>`: the node launcher */
  readonly launcher: string;
  /** `@openai/codex@<version>-<platform>`: the native binary, by `<process.platform>-<process.arch>` */
  readonly platforms: Readonly<Record<string, string>>;
}

export const CODEX_PINS: Readonly<Record<string, CodexPin>> = {
  '0.169.0': {
    launcher:
      'sha512-KhzYlkKPxoNssR8CEm45IjqnFWn7UtlF4CiD3tOJPea51xBs7MaHy0UQG9GSbCqk6Lrjn5QdJDV0QD1/FgWlGw==',
    platforms: {
      'linux-x64':
        'sha512-o05NyAOCDygSPRo1yinzxvkRSdmsZyBD9E7mbpmjRanSfM8lypqWtQgEo4XfNkwhuCR2aFu8mlGOsQGFXVbVww==',
      'linux-arm64':
        'sha512-NZ/DaQUpcQmxmqee7Z9uC1rzw3GhSbooawcaTe1LN5Yk+WlinUKGdTXJgClRT/9ogQEEM9TWxYzvxPfj5G/xFg==',
      'darwin-x64':
        'sha512-K1FKSsSLl9v3z5TeagBQXyQRDBIGB5Jncy5dxsRxwT3aaTqN3AI8VrCfoxBxKMOOU9O2QX1vg7WkBwNVth/s9A==',
      'darwin-arm64':
        'sha512-5WsWFBbVP78D+6FvNo1MMVxLPZdmcoQlqVJFrF4qx/TmvneLnMQKtLyXkUo54XOTDfoYKpNouTJ/F7gTVA8FnQ==',
      'win32-x64':
        'sha512-nC+McFU8xRNL9tk3IhxcKdhcyOElwF/HhPO+gzSQCY7yjh3XdzSajX+MYWcHUVHWRHajfwn3/WgJYJK2wS+XWg==',
      'win32-arm64':
        'sha512-nTN9SpkacGohq60+I80R3t0R8Mhbnlt3OVYNahgAv1Gu77KFwhPc0vz9Ou/DAGDtYhKVWA/jiYXJXnlzkwb/JA==',
    },
  },
};

export function pinnedVersions(): string[] {
  return Object.keys(CODEX_PINS);
}
