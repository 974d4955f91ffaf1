/** Saves text as a file from the browser; nothing goes to the server. */
export function downloadText(file: string, text: string) {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type: 'application/json' }));
  a.download = file;
  a.click();
  URL.revokeObjectURL(a.href);
}
