// The PyTorch listings in the browser. A chapter's <CodeListing> panel fetches its highlighted code from the listing's
// own page the first time the reader opens it (src/components/CodeListing.astro). Copy buttons copy a listing's exact
// text and say "Copied" through a polite live region; without the Clipboard API (old browsers, insecure origins) they
// select the code and, where the old execCommand copy also fails, tell the reader to press Ctrl+C. The buttons stay
// hidden without JavaScript, so no control appears that cannot work.

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

/** Wires every `[data-copy-code]` button under `root` to the code block it sits in. */
export function setupCopyButtons(root: ParentNode = document): void {
  for (const button of root.querySelectorAll<HTMLButtonElement>('[data-copy-code]')) {
    const block = button.closest('[data-code-block]');
    const code = block?.querySelector('pre code');
    const source = block?.querySelector<HTMLTemplateElement>('template[data-code-source]');
    const status = block?.querySelector<HTMLElement>('[data-copy-status]');
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

/** Fetches the code block for `file` from its page's HTML; null when the page does not have it. */
export async function fetchCodeBlock(pageUrl: string, file: string): Promise<HTMLElement | null> {
  const response = await fetch(pageUrl);
  if (!response.ok) return null;
  const doc = new DOMParser().parseFromString(await response.text(), 'text/html');
  const block = doc.querySelector<HTMLElement>(`[data-code-block="${CSS.escape(file)}"]`);
  return block ? (document.importNode(block, true) as HTMLElement) : null;
}

/** Loads each `details[data-code-page]` panel's code the first time it opens (or at once when the URL's hash names it), then wires its Copy button. */
export function setupLazyListings(root: ParentNode = document): void {
  for (const panel of root.querySelectorAll<HTMLDetailsElement>('details[data-code-page]')) {
    const slot = panel.querySelector<HTMLElement>('[data-code-slot]');
    const status = panel.querySelector<HTMLElement>('[data-code-load-status]');
    const { codePage, codeFile } = panel.dataset;
    if (!slot || !status || !codePage || !codeFile) continue;
    let loading = false;
    const load = async () => {
      if (!panel.open || loading) return;
      loading = true;
      slot.setAttribute('aria-busy', 'true');
      status.textContent = 'Loading the code…';
      const block = await fetchCodeBlock(codePage, codeFile).catch(() => null);
      slot.removeAttribute('aria-busy');
      if (!block) {
        status.textContent = 'The code could not be loaded; the links above still work.';
        loading = false;
        return;
      }
      slot.replaceChildren(block);
      setupCopyButtons(block);
    };
    panel.addEventListener('toggle', load);
    // A link to the panel itself (the listing's page links back to #code-<name>) opens it.
    if (panel.id && window.location.hash === `#${panel.id}`) panel.open = true;
    void load();
  }
}
