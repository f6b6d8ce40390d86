import Link from "next/link";
import { Badge } from "@/components/ui/badge.tsx";
import { authKindLabel } from "../lib/labels.ts";
import { EntryIcon } from "./entry-icon.tsx";

export interface CatalogCardEntry {
  slug: string;
  name: string;
  description: string;
  authKind: string;
  location: string;
  source: string;
  installed: boolean;
  icon?: string | undefined;
  category: string | null;
}

export function CatalogCard({ entry }: { entry: CatalogCardEntry }) {
  return (
    <Link
      href={`/catalog/${entry.slug}`}
      className="group flex h-full flex-col rounded-xl border border-zinc-200 bg-white p-5 shadow-xs transition hover:border-indigo-300 hover:shadow-sm dark:border-zinc-800 dark:bg-zinc-900 dark:hover:border-indigo-700"
    >
      <div className="flex items-start gap-3">
        <EntryIcon icon={entry.icon} name={entry.name} />
        <div className="min-w-0">
          <h2 className="truncate font-semibold group-hover:text-indigo-600 dark:group-hover:text-indigo-400">
            {entry.name}
          </h2>
          <p className="text-xs text-zinc-500">{entry.category ?? "Uncategorized"}</p>
        </div>
      </div>
      <p className="mt-3 line-clamp-2 flex-1 text-sm text-zinc-600 dark:text-zinc-400">{entry.description}</p>
      <div className="mt-4 flex flex-wrap gap-1.5">
        <Badge tone={entry.authKind === "none" ? "neutral" : "indigo"}>{authKindLabel(entry.authKind)}</Badge>
        <Badge>{entry.location === "remote" ? "Remote" : "Runs in a container"}</Badge>
        {entry.source === "DEVELOPER" ? <Badge tone="amber">Developer</Badge> : null}
        {entry.installed ? <Badge tone="green">Installed</Badge> : null}
      </div>
    </Link>
  );
}
