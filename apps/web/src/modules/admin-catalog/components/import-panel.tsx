"use client";

import { useRouter } from "next/navigation";
import { useState, useTransition } from "react";
import { Badge } from "@/components/ui/badge.tsx";
import { Button } from "@/components/ui/button.tsx";
import { FormMessage } from "@/components/ui/form-message.tsx";
import { loadImportUrlAction, previewImportAction, saveImportAction } from "../actions.ts";
import { MAX_IMPORT_DOCUMENT_BYTES } from "../lib/import-limits.ts";

type Preview = Extract<Awaited<ReturnType<typeof previewImportAction>>, { ok: true }>["data"];

const statusTone = { new: "green", update: "indigo", unchanged: "neutral", conflict: "red" } as const;

/** Paste, upload or load catalog JSON from an address, preview what it changes, then save. */
export function ImportPanel() {
  const router = useRouter();
  const [text, setText] = useState("");
  const [address, setAddress] = useState("");
  const [preview, setPreview] = useState<Preview | null>(null);
  /** Entries whose suggested allowed hosts the admin ticked: only these are saved with them. */
  const [acceptedHosts, setAcceptedHosts] = useState<ReadonlySet<string>>(new Set());
  const [message, setMessage] = useState<{ ok: boolean; error?: string; message?: string } | null>(null);
  const [pending, startTransition] = useTransition();

  const runPreview = () =>
    startTransition(async () => {
      const result = await previewImportAction(text);
      setPreview(result.ok ? result.data : null);
      setAcceptedHosts(new Set());
      setMessage(result.ok ? null : result);
    });

  const load = () =>
    startTransition(async () => {
      const result = await loadImportUrlAction(address);
      setMessage(result.ok ? null : result);
      if (!result.ok) return;
      setText(result.data);
      setPreview(null);
    });

  const save = () =>
    startTransition(async () => {
      const result = await saveImportAction(text, [...acceptedHosts]);
      if (!result.ok) return setMessage(result);
      setMessage({ ok: true, message: `Saved ${result.data.saved} entr${result.data.saved === 1 ? "y" : "ies"}.` });
      setPreview(null);
      setText("");
      router.refresh();
    });

  return (
    <div className="space-y-4">
      <label htmlFor="catalog-json" className="block text-sm font-medium">
        Catalog JSON — an Archestra entry, an MCP Registry server.json, an mcpServers config (also a Continue, Goose or
        LibreChat YAML or a Codex config.toml), or a Switchboard export
      </label>
      <textarea
        id="catalog-json"
        value={text}
        onChange={(event) => {
          setText(event.target.value);
          setPreview(null);
        }}
        rows={10}
        spellCheck={false}
        className="block w-full rounded-md border-0 bg-white p-3 font-mono text-xs ring-1 ring-inset ring-zinc-300 focus:ring-2 focus:ring-indigo-600 dark:bg-zinc-950 dark:ring-zinc-700"
      />
      <div className="flex flex-wrap items-center gap-3">
        {/* The file input is visually hidden, so its label shows where keyboard focus is. */}
        <label className="cursor-pointer rounded-sm text-sm text-indigo-600 has-focus-visible:outline-2 has-focus-visible:outline-offset-2 has-focus-visible:outline-indigo-600 hover:text-indigo-500">
          <input
            type="file"
            accept="application/json,.json,.jsonc,.yaml,.yml,.toml"
            className="sr-only"
            onChange={(event) => {
              const file = event.target.files?.[0];
              if (!file) return;
              if (file.size > MAX_IMPORT_DOCUMENT_BYTES)
                return setMessage({ ok: false, error: "The file is larger than 1 MB." });
              void file.text().then(
                (content) => {
                  setText(content);
                  setPreview(null);
                },
                () => setMessage({ ok: false, error: "The file could not be read." }),
              );
            }}
          />
          Upload a file…
        </label>
        <form
          className="flex items-center gap-2"
          onSubmit={(event) => {
            event.preventDefault();
            load();
          }}
        >
          <label htmlFor="catalog-url" className="sr-only">
            Address of a catalog document
          </label>
          <input
            id="catalog-url"
            type="url"
            value={address}
            onChange={(event) => setAddress(event.target.value)}
            placeholder="or load https://github.com/…/mcp.json"
            className="w-72 rounded-md border-0 bg-white px-3 py-1.5 text-sm ring-1 ring-inset ring-zinc-300 focus:ring-2 focus:ring-indigo-600 dark:bg-zinc-950 dark:ring-zinc-700"
          />
          <Button type="submit" variant="secondary" disabled={pending || !address.trim()}>
            Load
          </Button>
        </form>
        <Button type="button" variant="secondary" disabled={pending || !text.trim()} onClick={runPreview}>
          Preview
        </Button>
        <Button
          type="button"
          disabled={
            pending ||
            !preview ||
            (acceptedHosts.size === 0 &&
              preview.items.every((i) => i.status === "unchanged" || i.status === "conflict"))
          }
          onClick={save}
        >
          Save
        </Button>
      </div>
      <FormMessage state={message} />
      {preview ? (
        <div className="rounded-lg ring-1 ring-zinc-200 dark:ring-zinc-800" aria-label="Import preview" role="region">
          <ul className="divide-y divide-zinc-200 dark:divide-zinc-800">
            {preview.items.map((item) => (
              <li key={item.id} className="flex items-center justify-between gap-4 px-4 py-2.5 text-sm">
                <span>
                  <span className="font-medium">{item.name}</span>{" "}
                  <span className="font-mono text-xs text-zinc-500">{item.id}</span>
                  {item.changedFields.length ? (
                    <span className="ml-2 text-xs text-zinc-500">changes: {item.changedFields.join(", ")}</span>
                  ) : null}
                  {item.suggestedAllowedHosts.length ? (
                    <label className="mt-1 flex items-center gap-2 text-xs text-amber-700 dark:text-amber-400">
                      <input
                        type="checkbox"
                        checked={acceptedHosts.has(item.id)}
                        onChange={(event) => {
                          const next = new Set(acceptedHosts);
                          if (event.target.checked) next.add(item.id);
                          else next.delete(item.id);
                          setAcceptedHosts(next);
                        }}
                      />
                      A setting fills the server&apos;s host: allow{" "}
                      <span className="font-mono">{item.suggestedAllowedHosts.join(", ")}</span> (unticked: its
                      connectors are refused until an admin lists allowed hosts)
                    </label>
                  ) : null}
                </span>
                <Badge tone={statusTone[item.status]}>{item.status}</Badge>
              </li>
            ))}
          </ul>
          {preview.warnings.length ? (
            <div className="border-t border-zinc-200 px-4 py-3 dark:border-zinc-800">
              <p className="text-xs font-medium text-amber-700 dark:text-amber-400">
                Import notes ({preview.warnings.length}): what was inferred or kept as is
              </p>
              <ul className="mt-1 space-y-0.5 font-mono text-xs text-zinc-500">
                {orderImportNotes(preview.warnings)
                  .slice(0, 30)
                  .map((warning) => (
                    <li key={warning}>{warning}</li>
                  ))}
              </ul>
            </div>
          ) : null}
        </div>
      ) : null}
    </div>
  );
}

/** Inferences (a secret found by its name, a wrapper unwrapped) before the many "kept in extensions" notes. */
function orderImportNotes(notes: readonly string[]): string[] {
  const kept = (note: string) => note.includes("kept in extensions.");
  return [...notes.filter((note) => !kept(note)), ...notes.filter(kept)];
}
