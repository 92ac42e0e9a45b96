// GraphiQL 5 marks each editor tab (an <li>) as role="tab" and puts its select and close buttons
// inside it: interactive controls nested in a control, which screen readers cannot reach (axe:
// nested-interactive, serious). This moves the tab role onto the tab's own select button, leaving
// the <li> presentational, and keeps it so as GraphiQL re-renders.
export function fixGraphiQLTabRoles(root: HTMLElement): () => void {
  const fix = () => {
    for (const tab of root.querySelectorAll<HTMLElement>('.graphiql-tab')) {
      const button = tab.querySelector<HTMLElement>('.graphiql-tab-button');
      if (!button) continue;
      const selected = tab.getAttribute('aria-selected') ?? button.getAttribute('aria-selected') ?? 'false';
      if (tab.getAttribute('role') !== 'presentation') tab.setAttribute('role', 'presentation');
      if (tab.hasAttribute('aria-selected')) tab.removeAttribute('aria-selected');
      if (button.getAttribute('role') !== 'tab') button.setAttribute('role', 'tab');
      if (button.getAttribute('aria-selected') !== selected) button.setAttribute('aria-selected', selected);
    }
  };
  fix();
  const observer = new MutationObserver(fix);
  observer.observe(root, { subtree: true, childList: true, attributes: true, attributeFilter: ['role', 'aria-selected'] });
  return () => observer.disconnect();
}
