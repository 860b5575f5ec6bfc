// Reading values out of bash's `declare -p` text (the session shell's variables).

/** `declare -- X="..."` text with bash's double-quote escapes undone: the value as the block set it. */
export function declaredValue(text: string): string {
  return text.replace(/\\([\\"$`])/g, '$1');
}
