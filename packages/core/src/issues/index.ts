/** The shared issue layer: REST enumeration, normalization, integrity scan and the issue index. */
export * from './enumerate.js';
export * from './integrity.js';
export * from './issue-index.js';
export * from './normalize.js';
