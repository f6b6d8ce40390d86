import asana from "./asana.json" with { type: "json" };
import atlassian from "./atlassian.json" with { type: "json" };
import braveSearch from "./brave-search.json" with { type: "json" };
import cloudflareDocs from "./cloudflare-docs.json" with { type: "json" };
import context7 from "./context7.json" with { type: "json" };
import deepwiki from "./deepwiki.json" with { type: "json" };
import everything from "./everything.json" with { type: "json" };
import fetch from "./fetch.json" with { type: "json" };
import figma from "./figma.json" with { type: "json" };
import filesystem from "./filesystem.json" with { type: "json" };
import git from "./git.json" with { type: "json" };
import githubLocal from "./github-local.json" with { type: "json" };
import github from "./github.json" with { type: "json" };
import googleDrive from "./google-drive.json" with { type: "json" };
import googleWorkspace from "./google-workspace.json" with { type: "json" };
import grafana from "./grafana.json" with { type: "json" };
import hubspot from "./hubspot.json" with { type: "json" };
import huggingFace from "./hugging-face.json" with { type: "json" };
import intercom from "./intercom.json" with { type: "json" };
import linear from "./linear.json" with { type: "json" };
import memory from "./memory.json" with { type: "json" };
import neon from "./neon.json" with { type: "json" };
import notion from "./notion.json" with { type: "json" };
import paypal from "./paypal.json" with { type: "json" };
import playwright from "./playwright.json" with { type: "json" };
import postgres from "./postgres.json" with { type: "json" };
import redis from "./redis.json" with { type: "json" };
import sentry from "./sentry.json" with { type: "json" };
import sequentialThinking from "./sequential-thinking.json" with { type: "json" };
import slack from "./slack.json" with { type: "json" };
import stripe from "./stripe.json" with { type: "json" };
import supabase from "./supabase.json" with { type: "json" };
import time from "./time.json" with { type: "json" };
import vercel from "./vercel.json" with { type: "json" };
import { loadBuiltinCatalog } from "./load-builtin-catalog.ts";

/** Every built-in entry, validated when this module loads: a broken file fails the first import, not a user. */
export const builtinCatalog = loadBuiltinCatalog([
  asana,
  atlassian,
  braveSearch,
  cloudflareDocs,
  context7,
  deepwiki,
  everything,
  fetch,
  figma,
  filesystem,
  git,
  githubLocal,
  github,
  googleDrive,
  googleWorkspace,
  grafana,
  hubspot,
  huggingFace,
  intercom,
  linear,
  memory,
  neon,
  notion,
  paypal,
  playwright,
  postgres,
  redis,
  sentry,
  sequentialThinking,
  slack,
  stripe,
  supabase,
  time,
  vercel,
]);
