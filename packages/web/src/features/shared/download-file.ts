/**
 * Hands `content` to the browser as a download named `name`: a Blob URL clicked through an
 * `<a download>`. Nothing leaves the machine. The link is put in the document for the
 * click (some browsers ignore a click on a detached link), and the URL is let go a minute
 * later: the download starts after this task, and needs the URL until then.
 */
export function downloadFile(content: BlobPart, name: string, type: string): void {
  const url = URL.createObjectURL(
    new Blob([content], { type: type || 'application/octet-stream' }),
  );
  const link = document.createElement('a');
  link.href = url;
  link.download = name;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}
