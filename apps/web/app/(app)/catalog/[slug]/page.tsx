import Link from "next/link";
import { Fragment, cache } from "react";
import { isOAuth, type CatalogEntry } from "@switchboard/catalog";
import { Badge } from "@/components/ui/badge.tsx";
import { buttonClasses } from "@/components/ui/button.tsx";
import { Card } from "@/components/ui/card.tsx";
import { db } from "@/server/db.ts";
import { requireUser } from "@/server/auth/current-user.ts";
import { EntryIcon } from "@/modules/catalog/components/entry-icon.tsx";
import { getCatalogEntry } from "@/modules/catalog/lib/get-catalog-entry.ts";
import { authKindLabel } from "@/modules/catalog/lib/labels.ts";
import { orNotFound } from "../../_lib/or-not-found.ts";

type Props = { params: Promise<{ slug: string }> };

// One lookup per request for the page and its title.
const findEntry = cache(async (slug: string) => {
  await requireUser();
  return orNotFound(getCatalogEntry(db(), slug));
});

export async function generateMetadata({ params }: Props) {
  const { entry } = await findEntry((await params).slug);
  return { title: entry.name };
}

export default async function CatalogEntryPage({ params }: Props) {
  const row = await findEntry((await params).slug);
  const { entry } = row;
  const settings = Object.entries(entry.userConfig);
  const scopes = isOAuth(entry.auth)
    ? entry.auth.defaultScopes.length
      ? entry.auth.defaultScopes
      : entry.auth.scopes
    : [];
  return (
    <>
      <div className="mb-8 flex flex-wrap items-start justify-between gap-6">
        <div className="flex items-start gap-4">
          <EntryIcon icon={entry.icon} name={entry.name} size="lg" />
          <div>
            <h1 className="text-2xl font-semibold tracking-tight">{entry.name}</h1>
            <p className="mt-1 max-w-2xl text-sm text-zinc-500 dark:text-zinc-400">{entry.description}</p>
            <div className="mt-3 flex flex-wrap gap-1.5">
              <Badge tone="indigo">{authKindLabel(entry.auth.kind)}</Badge>
              <Badge>{entry.server.type === "remote" ? "Remote" : "Runs in a container"}</Badge>
              {entry.category ? <Badge>{entry.category}</Badge> : null}
              {entry.tags.map((tag) => (
                <Badge key={tag} tone={tag === "Developer" ? "amber" : "neutral"}>
                  {tag}
                </Badge>
              ))}
            </div>
          </div>
        </div>
        <Link href={`/catalog/${entry.id}/install`} className={buttonClasses("primary")}>
          Install
        </Link>
      </div>
      <div className="grid gap-6 lg:grid-cols-2">
        <Card title="Where it runs">
          {entry.server.type === "remote" ? (
            <dl className="space-y-2 text-sm">
              <dt className="text-zinc-500">Remote MCP server ({entry.server.transport})</dt>
              <dd className="font-mono text-xs break-all">{entry.server.url}</dd>
            </dl>
          ) : (
            <dl className="space-y-2 text-sm">
              <dt className="text-zinc-500">
                A hardened container ({entry.server.runtime}
                {entry.server.http ? `, HTTP on port ${entry.server.http.port}` : ", stdio"})
              </dt>
              <dd className="font-mono text-xs break-all">
                {[entry.server.command, ...entry.server.args].filter(Boolean).join(" ")}
              </dd>
            </dl>
          )}
        </Card>
        <Card title="Sign-in">
          <p className="text-sm">{authKindLabel(entry.auth.kind)}</p>
          {scopes.length ? (
            <div className="mt-3">
              <p className="text-xs font-medium tracking-wide text-zinc-500 uppercase">Scopes requested</p>
              <ul className="mt-1 flex flex-wrap gap-1.5">
                {scopes.map((scope) => (
                  <li key={scope}>
                    <Badge>{scope}</Badge>
                  </li>
                ))}
              </ul>
            </div>
          ) : null}
        </Card>
        <Card title="Settings" description={settings.length ? "What you fill in when installing." : undefined}>
          {settings.length === 0 ? (
            <p className="text-sm text-zinc-500">No settings needed.</p>
          ) : (
            <ul className="divide-y divide-zinc-200 dark:divide-zinc-800" aria-label="Settings">
              {settings.map(([key, field]) => (
                <li key={key} className="py-2.5">
                  <p className="text-sm font-medium">
                    {field.title} {field.required ? <Badge tone="amber">required</Badge> : null}{" "}
                    {field.secret ? <Badge tone="red">secret</Badge> : null}
                  </p>
                  {field.description ? <p className="mt-0.5 text-xs text-zinc-500">{field.description}</p> : null}
                </li>
              ))}
            </ul>
          )}
        </Card>
        <Card title="About">
          <dl className="grid grid-cols-[8rem_1fr] gap-y-2 text-sm">
            {aboutRows(entry, row.source).map(([label, value, href]) => (
              <Fragment key={label}>
                <dt className="text-zinc-500">{label}</dt>
                <dd className="truncate">
                  {href ? (
                    <a href={href} className="text-indigo-600 hover:underline" rel="noreferrer" target="_blank">
                      {value}
                    </a>
                  ) : (
                    value
                  )}
                </dd>
              </Fragment>
            ))}
          </dl>
        </Card>
      </div>
    </>
  );
}

const sourceLabels = { BUILTIN: "Built in", DEVELOPER: "Developer folder", CUSTOM: "Added by an admin" } as const;

/** Label, text and optional link of each "About" row the entry has. */
function aboutRows(entry: CatalogEntry, source: keyof typeof sourceLabels): [string, string, string?][] {
  const rows: [string, string, string?][] = [];
  if (entry.publisher) rows.push(["Publisher", entry.publisher.name, entry.publisher.url]);
  if (entry.version) rows.push(["Version", entry.version]);
  if (entry.homepage) rows.push(["Homepage", entry.homepage, entry.homepage]);
  if (entry.docsUrl) rows.push(["Docs", entry.docsUrl, entry.docsUrl]);
  rows.push(["Source", sourceLabels[source]]);
  return rows;
}
