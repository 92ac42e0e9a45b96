// GraphiQL 5 marks each editor tab (an <li>) as role="tab" and puts its select and close buttons
// inside it: interactive controls nested in a control, which screen readers cannot reach (axe:
// nested-interactive, serious). This moves the tab role onto the tab's own select button, leaving
// the <li> presentational, and keeps it so as GraphiQL re-renders. A tab list may own only tabs
// (axe: aria-required-children), so each close button leaves the accessibility tree and the tab
// order, and the Delete key on a tab closes it instead, as the tab announces (aria-keyshortcuts).
export function fixGraphiQLTabRoles(root: HTMLElement): () => void {
  const fix = () => {
    for (const tab of root.querySelectorAll<HTMLElement>('.graphiql-tab')) {
      const button = tab.querySelector<HTMLElement>('.graphiql-tab-button');
      if (!button) continue;
      const selected = tab.getAttribute('aria-selected') ?? button.getAttribute('aria-selected') ?? 'false';
      setAttribute(tab, 'role', 'presentation');
      if (tab.hasAttribute('aria-selected')) tab.removeAttribute('aria-selected');
      setAttribute(button, 'role', 'tab');
      setAttribute(button, 'aria-selected', selected);
      const close = tab.querySelector<HTMLElement>('.graphiql-tab-close');
      if (close) {
        setAttribute(close, 'aria-hidden', 'true');
        setAttribute(close, 'tabindex', '-1');
        setAttribute(button, 'aria-keyshortcuts', 'Delete');
      } else if (button.hasAttribute('aria-keyshortcuts')) {
        button.removeAttribute('aria-keyshortcuts');
      }
    }
  };
  const closeOnDelete = (event: KeyboardEvent) => {
    if (event.key !== 'Delete' || !(event.target instanceof HTMLElement) || event.target.getAttribute('role') !== 'tab') return;
    const close = event.target.closest('.graphiql-tab')?.querySelector<HTMLElement>('.graphiql-tab-close');
    if (!close) return;
    event.preventDefault();
    close.click();
  };
  fix();
  const observer = new MutationObserver(fix);
  observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['role', 'aria-selected', 'aria-hidden', 'tabindex'] });
  root.addEventListener('keydown', closeOnDelete);
  return () => {
    observer.disconnect();
    root.removeEventListener('keydown', closeOnDelete);
  };
}

// Only when different: the observer watches these attributes, and a write of the same value would wake it again.
function setAttribute(element: HTMLElement, name: string, value: string): void {
  if (element.getAttribute(name) !== value) element.setAttribute(name, value);
}
