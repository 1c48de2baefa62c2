/**
 * Terminal output helpers shared by the root scripts. Colours are dropped when stdout is not a
 * terminal or NO_COLOR is set, so CI logs stay plain text.
 */
const useColour = Boolean(process.stdout.isTTY) && !process.env.NO_COLOR;

/** @param {number} code @returns {(text: string) => string} */
const ansi = (code) => (text) => (useColour ? `\u001b[${code}m${text}\u001b[0m` : text);

export const colours = {
  bold: ansi(1),
  dim: ansi(2),
  red: ansi(31),
  green: ansi(32),
  yellow: ansi(33),
  blue: ansi(34),
  magenta: ansi(35),
  cyan: ansi(36),
};

/** Cycled per service so interleaved logs stay tellable apart. */
export const prefixPalette = [colours.cyan, colours.magenta, colours.yellow, colours.blue, colours.green];

/** @param {string} message */
export function step(message) {
  console.log(colours.bold(`\n▶ ${message}`));
}

/** @param {string} message */
export function warn(message) {
  console.error(colours.yellow(`! ${message}`));
}

/** @param {string} message */
export function fail(message) {
  console.error(colours.red(`✖ ${message}`));
}
