// Runs before the chart library: uPlot formats numbers with navigator.language when it loads, and a
// POSIX locale such as `en-US@posix` (a browser started with LANG=C.UTF-8) is no BCP 47 tag, so
// Intl throws "Invalid language tag" and the library never loads. Such a locale falls back to its
// language part, then to en-US, for the whole page.
(() => {
  const valid = (tag) => {
    try {
      new Intl.NumberFormat(tag);
      return typeof tag === 'string' && tag !== '';
    } catch {
      return false;
    }
  };
  const wanted = navigator.language;
  if (valid(wanted)) return;
  const base = String(wanted || '').split(/[@._]/)[0];
  const chosen = valid(base) ? base : 'en-US';
  Object.defineProperty(navigator, 'language', { configurable: true, get: () => chosen });
  Object.defineProperty(navigator, 'languages', { configurable: true, get: () => [chosen] });
  document.documentElement.setAttribute('data-locale-fallback', `${String(wanted)} → ${chosen}`);
})();
