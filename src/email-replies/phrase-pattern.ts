// JavaScript's \b only knows ASCII letters ("är", "über" have none before them): in phrase tables,
// \b means a boundary between a letter or digit of any script and anything else.
const WORD_EDGE = '(?:(?<=[\\p{L}\\p{N}])(?![\\p{L}\\p{N}])|(?<![\\p{L}\\p{N}])(?=[\\p{L}\\p{N}]))';

/** A phrase of the outcome reader, matched against lower-cased text with single spaces. */
export const phrase = (source: string): RegExp => new RegExp(source.replaceAll('\\b', WORD_EDGE), 'u');
