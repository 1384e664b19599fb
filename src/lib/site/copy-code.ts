// Copy buttons of the code listings (src/components/CodeListing.astro): the button copies the listing's exact text and
// says "Copied" through a polite live region. Without the Clipboard API (old browsers, insecure origins) it selects the
// code and, where the old execCommand copy also fails, tells the reader to press Ctrl+C. The buttons stay hidden
// without JavaScript, so no control appears that cannot work.

const MESSAGE_MS = 4000;

/** Copies `text`; true when it reached the clipboard. */
export async function copyText(text: string, fallbackTarget: Node): Promise<boolean> {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text);
      return true;
    } catch {
      /* denied or unavailable: fall through to selecting the code */
    }
  }
  const selection = window.getSelection();
  selection?.selectAllChildren(fallbackTarget);
  try {
    return document.execCommand('copy');
  } catch {
    return false;
  }
}

/** The message for the reader after a copy attempt. */
export function copyMessage(copied: boolean, isMac: boolean): string {
  return copied ? 'Copied' : `Code selected: press ${isMac ? '⌘C' : 'Ctrl+C'} to copy it`;
}

/** Wires every `[data-copy-code]` button under `root` to the listing it sits in. */
export function setupCopyButtons(root: ParentNode = document): void {
  for (const button of root.querySelectorAll<HTMLButtonElement>('[data-copy-code]')) {
    const listing = button.closest('.code-listing');
    const code = listing?.querySelector('pre code');
    const source = listing?.querySelector<HTMLTemplateElement>('template[data-code-source]');
    const status = listing?.querySelector<HTMLElement>('[data-copy-status]');
    if (!code || !source || !status) continue;
    let timer = 0;
    button.addEventListener('click', async () => {
      const copied = await copyText(source.content.textContent ?? '', code);
      status.textContent = copyMessage(copied, /Mac|iPhone|iPad/.test(navigator.userAgent));
      window.clearTimeout(timer);
      timer = window.setTimeout(() => (status.textContent = ''), MESSAGE_MS);
    });
    button.hidden = false;
  }
}

setupCopyButtons();
