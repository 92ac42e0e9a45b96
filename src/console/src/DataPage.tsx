// The tables: item counts, pages of items, one item as JSON, deleting one after a confirmation.
import { useCallback, useEffect, useState } from 'react';
import { call, type ItemPage, type TableSummary } from './api';

type Item = ItemPage['items'][number];

export function DataPage() {
  const [tables, setTables] = useState<TableSummary[]>([]);
  const [model, setModel] = useState<string | null>(null);
  const [items, setItems] = useState<Item[]>([]);
  const [cursors, setCursors] = useState<Array<string | null>>([null]);
  const [next, setNext] = useState<string | null>(null);
  const [open, setOpen] = useState<Item | null>(null);
  const [message, setMessage] = useState<{ text: string; error: boolean } | null>(null);

  const loadTables = useCallback(async () => setTables((await call<{ tables: TableSummary[] }>('GET', 'tables')).tables), []);
  const loadPage = useCallback(async (name: string, cursor: string | null) => {
    const page = await call<ItemPage>(
      'GET',
      `tables/${encodeURIComponent(name)}/items?limit=25${cursor ? `&cursor=${encodeURIComponent(cursor)}` : ''}`,
    );
    setItems(page.items);
    setNext(page.cursor);
  }, []);
  useEffect(() => {
    loadTables().catch((error: Error) => setMessage({ text: error.message, error: true }));
  }, [loadTables]);

  const choose = (name: string) => {
    setModel(name);
    setOpen(null);
    setCursors([null]);
    loadPage(name, null).catch((error: Error) => setMessage({ text: error.message, error: true }));
  };
  const table = tables.find((t) => t.model === model);
  const keyOf = (item: Item) => (table?.keys ?? ['id']).map((k) => String(item[k])).join(' / ');
  const columns = table ? [...table.keys, ...['__typename', 'status', 'updatedAt'].filter((c) => !table.keys.includes(c))] : [];

  const remove = async (item: Item) => {
    if (!model || !window.confirm(`Delete ${model} ${keyOf(item)}? This cannot be undone.`)) return;
    try {
      await call('POST', `tables/${encodeURIComponent(model)}/delete`, { item });
      setMessage({ text: `Deleted ${model} ${keyOf(item)}`, error: false });
      setOpen(null);
      await Promise.all([loadTables(), loadPage(model, cursors[cursors.length - 1] ?? null)]);
    } catch (error) {
      setMessage({ text: (error as Error).message, error: true });
    }
  };

  return (
    <div className="page">
      <h1>Data</h1>
      {message && (
        <p className={message.error ? 'problem' : 'notice'} role={message.error ? 'alert' : 'status'}>
          {message.text}
        </p>
      )}
      <section aria-labelledby="tables-heading">
        <h2 id="tables-heading">Tables</h2>
        <ul className="table-list">
          {tables.map((t) => (
            <li key={t.model}>
              <button type="button" aria-pressed={t.model === model} onClick={() => choose(t.model)}>
                {t.model} <span className="count">{t.itemCount} items</span>
              </button>
              <span className="table-name">{t.table}</span>
            </li>
          ))}
        </ul>
      </section>
      {model && (
        <section aria-labelledby="items-heading">
          <h2 id="items-heading">{model} items</h2>
          <table>
            <thead>
              <tr>
                {columns.map((column) => (
                  <th scope="col" key={column}>
                    {column}
                  </th>
                ))}
                <th scope="col">Actions</th>
              </tr>
            </thead>
            <tbody>
              {items.map((item) => (
                <tr key={keyOf(item)}>
                  {columns.map((column) => (
                    <td key={column}>{item[column] === undefined ? '' : String(item[column])}</td>
                  ))}
                  <td className="actions">
                    <button type="button" onClick={() => setOpen(item)} aria-label={`Open ${keyOf(item)} as JSON`}>
                      Open
                    </button>
                    <button type="button" className="danger" onClick={() => void remove(item)} aria-label={`Delete ${keyOf(item)}`}>
                      Delete
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
          {items.length === 0 && <p>No items on this page.</p>}
          <div className="pager">
            <button
              type="button"
              disabled={cursors.length <= 1}
              onClick={() => {
                const previous = cursors.slice(0, -1);
                setCursors(previous);
                void loadPage(model, previous[previous.length - 1] ?? null);
              }}
            >
              Previous page
            </button>
            <button
              type="button"
              disabled={!next}
              onClick={() => {
                setCursors([...cursors, next]);
                void loadPage(model, next);
              }}
            >
              Next page
            </button>
          </div>
          {open && (
            <section aria-labelledby="item-heading" className="card">
              <h3 id="item-heading">
                {model} {keyOf(open)}
              </h3>
              <pre data-testid="item-json">{JSON.stringify(open, null, 2)}</pre>
              <button type="button" onClick={() => setOpen(null)}>
                Close
              </button>
            </section>
          )}
        </section>
      )}
    </div>
  );
}
