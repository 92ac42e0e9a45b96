// The console's shell: a navigation bar and one page per path under /console.
import { useEffect, useState, type MouseEvent } from 'react';
import { DataPage } from './DataPage';
import { ExplorerPage } from './ExplorerPage';
import { RequestsPage } from './RequestsPage';
import { UsersPage } from './UsersPage';

const PAGES = [
  { path: '/console/', title: 'API explorer', Page: ExplorerPage },
  { path: '/console/users', title: 'User pool', Page: UsersPage },
  { path: '/console/data', title: 'Data', Page: DataPage },
  { path: '/console/requests', title: 'Requests', Page: RequestsPage },
];

function currentPage() {
  const path = window.location.pathname.replace(/\/+$/, '') || '/';
  return PAGES.find((page) => page.path.replace(/\/+$/, '') === path) ?? PAGES[0]!;
}

export function App() {
  const [page, setPage] = useState(currentPage);
  useEffect(() => {
    const onPop = () => setPage(currentPage());
    window.addEventListener('popstate', onPop);
    return () => window.removeEventListener('popstate', onPop);
  }, []);
  useEffect(() => {
    document.title = `${page.title} · Wild Rydes local console`;
  }, [page]);
  const go = (event: MouseEvent<HTMLAnchorElement>, path: string) => {
    if (event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    window.history.pushState(null, '', path);
    setPage(currentPage());
  };
  const { Page } = page;
  return (
    <div className="shell">
      <header className="topbar">
        <span className="brand">Wild Rydes local console</span>
        <nav aria-label="Console pages">
          <ul>
            {PAGES.map((p) => (
              <li key={p.path}>
                <a href={p.path} aria-current={p === page ? 'page' : undefined} onClick={(event) => go(event, p.path)}>
                  {p.title}
                </a>
              </li>
            ))}
          </ul>
        </nav>
      </header>
      <main className={page.path === '/console/' ? 'main explorer-main' : 'main'}>
        <Page />
      </main>
    </div>
  );
}
