/** Saves text as a file from the browser; nothing goes to the server. */
export function downloadText(file: string, text: string, type = 'application/json') {
  const a = document.createElement('a');
  a.href = URL.createObjectURL(new Blob([text], { type }));
  a.download = file;
  a.click();
  URL.revokeObjectURL(a.href);
}
