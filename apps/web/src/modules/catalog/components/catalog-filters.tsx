import { authKindLabels } from "../lib/labels.ts";
import type { CatalogQuery } from "../lib/find-catalog-entries.ts";

const select =
  "rounded-md border-0 bg-white py-2 pl-3 pr-8 text-sm ring-1 ring-inset ring-zinc-300 focus:ring-2 focus:ring-indigo-600 dark:bg-zinc-900 dark:ring-zinc-700";

/** A plain GET form: filters live in the URL, so results render on the server and links are shareable. */
export function CatalogFilters({ query, categories }: { query: CatalogQuery; categories: string[] }) {
  return (
    <form role="search" className="mb-6 flex flex-wrap items-center gap-3" action="/catalog">
      <input
        type="search"
        name="q"
        defaultValue={query.q}
        placeholder="Search connectors…"
        aria-label="Search connectors"
        className="min-w-64 flex-1 rounded-md border-0 bg-white px-3 py-2 text-sm ring-1 ring-inset ring-zinc-300 focus:ring-2 focus:ring-indigo-600 dark:bg-zinc-900 dark:ring-zinc-700"
      />
      <select name="category" aria-label="Category" defaultValue={query.category ?? ""} className={select}>
        <option value="">All categories</option>
        {categories.map((category) => (
          <option key={category} value={category}>
            {category}
          </option>
        ))}
      </select>
      <select name="auth" aria-label="Sign-in" defaultValue={query.auth ?? ""} className={select}>
        <option value="">Any sign-in</option>
        {Object.entries(authKindLabels).map(([kind, label]) => (
          <option key={kind} value={kind}>
            {label}
          </option>
        ))}
      </select>
      <select name="location" aria-label="Where it runs" defaultValue={query.location ?? ""} className={select}>
        <option value="">Local and remote</option>
        <option value="local">Runs in a container</option>
        <option value="remote">Remote</option>
      </select>
      <select name="installed" aria-label="Installed" defaultValue={query.installed ?? ""} className={select}>
        <option value="">Installed or not</option>
        <option value="yes">Installed</option>
        <option value="no">Not installed</option>
      </select>
      <button
        type="submit"
        className="rounded-md bg-indigo-600 px-3.5 py-2 text-sm font-semibold text-white hover:bg-indigo-500"
      >
        Filter
      </button>
    </form>
  );
}
