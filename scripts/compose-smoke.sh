#!/usr/bin/env bash
# Proves that `docker compose up` brings up a working Switchboard from this checkout:
#   - builds the images with the compose file, starts everything in a throwaway project
#     (own name, own env file, own host ports on 127.0.0.1, own subnet, own RUNNER_ID),
#   - waits until every service is healthy and `migrate` has exited 0, once,
#   - checks that every migration in prisma/migrations is recorded as applied (and that a second
#     `migrate` run applies nothing and the key-rotation command runs in that image), that the runner
#     reports Docker reachable and installed the MCP network's firewall chains, and that web and
#     gateway answer their health checks,
#   - signs up the first admin over HTTP the way the sign-up page's JavaScript does (the server
#     action, then next-auth's credentials sign-in), checks the admin in the database, that the session
#     cookie opens a page and an API route, and that a second sign-up needs an invitation,
#   - scrapes the Prometheus metrics of web, gateway and runner with the generated METRICS_TOKEN
#     (and is refused without it),
#   - always tears the project down (`down -v`: containers, volumes, networks).
#
#   scripts/compose-smoke.sh            # exit 0 and "PASS" when all of the above hold
#
# Needs a running Docker engine (scripts/services.sh starts one), docker-compose (v1.29+) or
# `docker compose` (v2), and Node 24; run as root on Debian, missing tools (and debootstrap for the
# stand-ins) are installed with apt-get, Node 24 from the npm registry (scripts/lib/prerequisites.sh).
# Without an image registry, scripts/build-base-standins.sh makes local stand-ins of the base images
# (done here unless SMOKE_STANDINS=0); Postgres and Redis then run from
# switchboard-standin/{postgres,redis}:bookworm via POSTGRES_IMAGE/REDIS_IMAGE.
# Settings (environment): SMOKE_KEEP=1 leaves the project running for inspection;
# SMOKE_TIMEOUT (seconds to become healthy, default 300); SMOKE_PLATFORM_NET (first three octets of
# the project's /24, default: a free 172.31.x); SWITCHBOARD_VERSION (image tag, default "smoke").
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
started_at=$SECONDS
project="switchboard-smoke-$$"
work="$(mktemp -d "${TMPDIR:-/tmp}/switchboard-smoke.XXXXXX")"
env_file="$work/.env"
timeout="${SMOKE_TIMEOUT:-300}"
results=()
status=FAIL
standins_seconds="-"
build_seconds="-"
healthy_seconds="-"
signup_seconds="-"
failure=""

log() { printf '[smoke] %s\n' "$*"; }
fail() {
  failure="$*"
  printf '[smoke] FAILED: %s\n' "$*" >&2
  exit 1
}
check() {
  results+=("ok   $1")
  log "ok: $1"
}

# shellcheck source=lib/prerequisites.sh
source "$root/scripts/lib/prerequisites.sh"
require_docker_engine "building and running the compose project"
require_node24 "the HTTP checks"
require_command ip iproute2 "finding a free subnet for the project's network"
require_compose
compose() { "${compose_bin[@]}" -p "$project" -f "$root/docker-compose.yml" --env-file "$env_file" "$@"; }

# BuildKit builds only the stages a target needs (the legacy builder builds every earlier stage).
# docker-compose v1 builds through the docker CLI when COMPOSE_DOCKER_CLI_BUILD=1; a docker CLI
# 23+ without the buildx plugin refuses DOCKER_BUILDKIT=1, while one before 23 has BuildKit built
# in, so use the first docker on PATH that can build with BuildKit.
export DOCKER_BUILDKIT=1 COMPOSE_DOCKER_CLI_BUILD=1
buildkit_cli() {
  "$1" buildx version >/dev/null 2>&1 && return 0
  local major
  major="$("$1" version --format '{{.Client.Version}}' 2>/dev/null | cut -d. -f1)"
  [[ "$major" =~ ^[0-9]+$ ]] && ((major < 23))
}
if [ "${compose_bin[0]}" = docker-compose ] && ! buildkit_cli docker; then
  shim=""
  while read -r candidate; do
    if buildkit_cli "$candidate"; then
      shim="$candidate"
      break
    fi
  done < <(type -ap docker)
  if [ -n "$shim" ]; then
    mkdir "$work/bin"
    ln -s "$shim" "$work/bin/docker"
    export PATH="$work/bin:$PATH"
    log "building with $shim (BuildKit built in)"
  else
    log "no docker CLI with BuildKit found: building with the legacy builder (slower)"
    export DOCKER_BUILDKIT=0
  fi
fi

mcp_network_existed=0
docker network inspect switchboard-mcp >/dev/null 2>&1 && mcp_network_existed=1
shm_existed=0
[ -d /dev/shm/switchboard ] && shm_existed=1

dump_logs() {
  [ -f "$env_file" ] || return 0
  log "container states:"
  compose ps -a 2>&1 | sed 's/^/    /' || true
  for service in migrate runner web gateway postgres redis; do
    log "last log lines of $service:"
    compose logs --no-color --tail=40 "$service" 2>&1 | sed 's/^/    /' || true
  done
}

image_sizes() {
  local image
  for image in "$@"; do
    docker image inspect -f '{{.Size}}' "$image" 2>/dev/null |
      awk -v name="$image" '{ printf "    %-48s %7.0f MB\n", name, $1 / 1000000 }' || true
  done
}

finish() {
  local code=$?
  trap - EXIT INT TERM
  [ "$code" -ne 0 ] && dump_logs
  if [ "${SMOKE_KEEP:-0}" = 1 ] && [ -f "$env_file" ]; then
    log "SMOKE_KEEP=1: left running. Inspect with:"
    log "  ${compose_bin[*]} -p $project -f $root/docker-compose.yml --env-file $env_file ps"
    log "and remove with the same prefix + 'down -v --remove-orphans'; then rm -rf $work"
  else
    if [ -f "$env_file" ]; then
      log "tearing down $project"
      compose down -v --remove-orphans --timeout 20 >/dev/null 2>&1 || log "warning: compose down failed"
    fi
    # The runner creates the MCP network and the credential-file folder on the host; remove them
    # only if this run created them and nothing uses them (another Switchboard may).
    if [ "$mcp_network_existed" = 0 ] && docker network inspect switchboard-mcp >/dev/null 2>&1; then
      docker network rm switchboard-mcp >/dev/null 2>&1 || log "switchboard-mcp is in use; left in place"
    fi
    [ "$shm_existed" = 0 ] && rmdir /dev/shm/switchboard 2>/dev/null || true
  fi
  [ "$code" -eq 0 ] && status=PASS
  echo
  echo "==================== compose smoke: $status ===================="
  printf '%s\n' "${results[@]}" | sed 's/^/  /'
  [ "$code" -ne 0 ] && echo "  FAILED: ${failure:-exit code $code}"
  echo "  timings: base image stand-ins ${standins_seconds}s, build ${build_seconds}s, up -> healthy ${healthy_seconds}s, sign-up and session checks ${signup_seconds}s, total $((SECONDS - started_at))s"
  echo "  image sizes:"
  image_sizes "$prefix-web:$version" "$prefix-runner:$version" "$prefix-gateway:$version" "$prefix-migrate:$version" \
    "${POSTGRES_IMAGE:-}" "${REDIS_IMAGE:-}"
  [ "${SMOKE_KEEP:-0}" = 1 ] || rm -rf "$work"
  exit "$code"
}
prefix="${SWITCHBOARD_IMAGE_PREFIX:-switchboard}"
version="${SWITCHBOARD_VERSION:-smoke}"
trap finish EXIT
trap 'exit 130' INT TERM

# --- Base images ---------------------------------------------------------------------------------
if [ "${SMOKE_STANDINS:-1}" = 1 ]; then
  phase_start=$SECONDS
  bash "$root/scripts/build-base-standins.sh" || fail "building the base image stand-ins"
  standins_seconds=$((SECONDS - phase_start))
  export POSTGRES_IMAGE="${POSTGRES_IMAGE:-switchboard-standin/postgres:bookworm}"
  export REDIS_IMAGE="${REDIS_IMAGE:-switchboard-standin/redis:bookworm}"
fi

# --- Settings: generated secrets, free ports on 127.0.0.1, a free /24 ---------------------------
cat >"$work/helpers.mjs" <<'NODE'
import { execFileSync } from "node:child_process";
import { createServer } from "node:net";

const [command] = process.argv.slice(2);
if (command === "ports") {
  const servers = await Promise.all(
    [0, 1, 2].map(
      () => new Promise((resolve) => { const server = createServer().listen(0, "127.0.0.1", () => resolve(server)); }),
    ),
  );
  console.log(servers.map((server) => server.address().port).join(" "));
  servers.forEach((server) => server.close());
} else if (command === "subnet") {
  // The first 172.31.x.0/24 that overlaps no Docker network and no address of this host.
  const toInt = (ip) => ip.split(".").reduce((value, octet) => value * 256 + Number(octet), 0);
  const ranges = [];
  const ids = execFileSync("docker", ["network", "ls", "-q"], { encoding: "utf8" }).split("\n").filter(Boolean);
  const subnets = execFileSync("docker", ["network", "inspect", "-f", "{{range .IPAM.Config}}{{.Subnet}} {{end}}", ...ids], { encoding: "utf8" });
  const addresses = execFileSync("ip", ["-4", "-o", "addr"], { encoding: "utf8" }).match(/\d+\.\d+\.\d+\.\d+\/\d+/g) ?? [];
  for (const cidr of [...subnets.split(/\s+/), ...addresses]) {
    const match = /^(\d+\.\d+\.\d+\.\d+)\/(\d+)$/.exec(cidr);
    if (!match) continue;
    const size = 2 ** (32 - Number(match[2]));
    const start = Math.floor(toInt(match[1]) / size) * size;
    ranges.push([start, start + size - 1]);
  }
  for (let third = 254; third >= 128; third--) {
    const start = toInt(`172.31.${third}.0`);
    if (ranges.every(([low, high]) => high < start || low > start + 255)) {
      console.log(`172.31.${third}`);
      process.exit(0);
    }
  }
  process.exit(1);
}
NODE
read -r web_port gateway_port _ < <(node "$work/helpers.mjs" ports)
platform_net="${SMOKE_PLATFORM_NET:-$(node "$work/helpers.mjs" subnet)}" || fail "no free 172.31.x.0/24 for the platform network"
SWITCHBOARD_GATEWAY_PORT="$gateway_port" SWITCHBOARD_GATEWAY_URL="" \
  bash "$root/scripts/generate-secrets.sh" "http://127.0.0.1:$web_port" "$env_file" >/dev/null
cat >>"$env_file" <<SETTINGS
SWITCHBOARD_IMAGE_PREFIX=$prefix
SWITCHBOARD_VERSION=$version
SWITCHBOARD_BIND_ADDRESS=127.0.0.1
SWITCHBOARD_WEB_PORT=$web_port
SWITCHBOARD_GATEWAY_PORT=$gateway_port
SWITCHBOARD_PLATFORM_NET=$platform_net
RUNNER_ID=smoke-$$
POSTGRES_IMAGE=${POSTGRES_IMAGE:-postgres:17-bookworm}
REDIS_IMAGE=${REDIS_IMAGE:-redis:7-bookworm}
SETTINGS
log "project $project: web 127.0.0.1:$web_port, gateway 127.0.0.1:$gateway_port, platform $platform_net.0/24"
compose config -q
check "compose file valid with generated settings"

# --- Build ---------------------------------------------------------------------------------------
log "building images (compose build)"
phase_start=$SECONDS
compose build >"$work/build.log" 2>&1 || {
  tail -n 60 "$work/build.log" >&2
  fail "compose build"
}
build_seconds=$((SECONDS - phase_start))
check "images built (${build_seconds}s)"

# --- Up, then healthy ----------------------------------------------------------------------------
phase_start=$SECONDS
log "starting (compose up -d)"
compose up -d >"$work/up.log" 2>&1 || {
  cat "$work/up.log" >&2
  fail "compose up -d"
}
# Container ids are looked up once per service: each docker-compose v1 call starts a Python
# interpreter (seconds on a loaded machine), docker inspect does not.
declare -A container_ids=()
container() { printf '%s\n' "${container_ids[$1]:-}"; }
state() { docker inspect -f "$1" "$(container "$2")" 2>/dev/null || echo missing; }
deadline=$((SECONDS + timeout))
while :; do
  for service in postgres redis web gateway runner migrate; do
    [ -n "${container_ids[$service]:-}" ] || container_ids[$service]="$(compose ps -a -q "$service" | head -n 1)"
  done
  waiting=()
  for service in postgres redis web gateway runner; do
    health="$(state '{{if .State.Health}}{{.State.Health.Status}}{{else}}none{{end}}' "$service")"
    restarts="$(state '{{.RestartCount}}' "$service")"
    [ "$restarts" = 0 ] || fail "$service restarted $restarts time(s)"
    [ "$health" != unhealthy ] || fail "$service is unhealthy: $(state '{{range .State.Health.Log}}{{.Output}} {{end}}' "$service" | tail -c 300)"
    [ "$health" = healthy ] || waiting+=("$service:$health")
  done
  migrate_state="$(state '{{.State.Status}}/{{.State.ExitCode}}' migrate)"
  case "$migrate_state" in
    exited/0) ;;
    exited/*) fail "migrate exited with ${migrate_state#exited/}" ;;
    *) waiting+=("migrate:$migrate_state") ;;
  esac
  [ "${#waiting[@]}" -eq 0 ] && break
  ((SECONDS < deadline)) || fail "not healthy after ${timeout}s: ${waiting[*]}"
  sleep 2
done
healthy_seconds=$((SECONDS - phase_start))
check "all services healthy, migrate exited 0 (${healthy_seconds}s after up)"

# --- Migrations ----------------------------------------------------------------------------------
psql() { compose exec -T postgres psql -v ON_ERROR_STOP=1 -U switchboard -d switchboard -Atc "$1"; }
[ "$(state '{{.RestartCount}}' migrate)" = 0 ] || fail "migrate was restarted"
[ "$(compose ps -a -q migrate | wc -l)" -eq 1 ] || fail "more than one migrate container"
expected="$(find "$root/prisma/migrations" -mindepth 1 -maxdepth 1 -type d -printf '%f\n' | sort)"
applied="$(psql 'SELECT migration_name FROM _prisma_migrations WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL ORDER BY 1')"
rows="$(psql 'SELECT count(*) FROM _prisma_migrations')"
[ "$applied" = "$expected" ] || fail "applied migrations differ from prisma/migrations: applied [$applied], expected [$expected]"
[ "$rows" -eq "$(wc -l <<<"$expected")" ] || fail "_prisma_migrations has $rows rows for $(wc -l <<<"$expected") migrations"
check "all $rows migrations applied exactly once"
rerun="$(compose run --rm -T migrate 2>&1)" || fail "second migrate run failed: $rerun"
[ "$(psql 'SELECT count(*) FROM _prisma_migrations')" = "$rows" ] || fail "second migrate run changed _prisma_migrations"
check "second migrate run applied nothing ($(grep -o 'No pending migrations' <<<"$rerun" || echo "$rerun" | tail -n 1))"
reencrypt="$(compose run --rm -T migrate npm run secrets:reencrypt -w @switchboard/db 2>&1)" ||
  fail "the key-rotation command (docs/admin-guide.md) failed in the migrate image: $(tail -n 5 <<<"$reencrypt")"
check "the key-rotation command runs in the migrate image ($(grep -o 'Scanned .*' <<<"$reencrypt" | head -n 1))"

# --- Runner, gateway, web health -----------------------------------------------------------------
runner_health="$(compose exec -T web node -e '
  fetch(process.env.RUNNER_URL + "/health").then(async (r) => { console.log(r.status, await r.text()); }, (e) => { console.log("error", e.cause?.code ?? e.message); });
')"
log "runner /health from web: $runner_health"
[[ "$runner_health" == 200\ * ]] || fail "runner health from web: $runner_health"
[[ "$runner_health" =~ \"docker\":\"ok\"|\"docker\":\{\"status\":\"ok\" ]] || fail "runner does not report Docker reachable: $runner_health"
check "runner healthy from web over the platform network, Docker reachable"
runner_metrics="$(compose exec -T web node -e '
  fetch(process.env.RUNNER_URL + "/metrics", { headers: { authorization: "Bearer " + process.env.METRICS_TOKEN } })
    .then(async (r) => console.log(r.status, await r.text()), (e) => console.log("error", e.message));
' 2>&1)"
grep -q '^switchboard_queue_jobs{queue="installations",state="waiting",app="runner"}' <<<"$runner_metrics" ||
  fail "runner /metrics: $(head -c 300 <<<"$runner_metrics")"
check "runner /metrics serves job, queue and container metrics to the bearer of METRICS_TOKEN"
if firewall="$(compose exec -T runner sh -c 'iptables -S SB-MCP-EGRESS && iptables -S DOCKER-USER && iptables -S INPUT' 2>&1)" &&
  grep -q -- '-i sb-mcp0 -j SB-MCP-EGRESS' <<<"$firewall" && grep -q -- '-i sb-mcp0 -j SB-MCP-HOST' <<<"$firewall"; then
  check "runner installed the MCP network firewall chains on the host (SB-MCP-HOST, SB-MCP-EGRESS)"
else
  fail "MCP network firewall chains missing: $firewall"
fi
docker network inspect switchboard-mcp >/dev/null 2>&1 || fail "the runner did not create the switchboard-mcp network"
check "switchboard-mcp network present"

cat >"$work/http-checks.mjs" <<'NODE'
// Drives the first-admin sign-up as the sign-up page does in a browser, then checks the session.
const [web, gateway, email, password, metricsToken] = process.argv.slice(2);
const cookies = new Map();
const cookieHeader = () => [...cookies].map(([name, value]) => `${name}=${value}`).join("; ");
async function request(path, init = {}) {
  const response = await fetch(new URL(path, web), {
    redirect: "manual",
    ...init,
    headers: { cookie: cookieHeader(), origin: web, ...init.headers },
  });
  for (const line of response.headers.getSetCookie()) {
    const [pair] = line.split(";");
    const index = pair.indexOf("=");
    cookies.set(pair.slice(0, index).trim(), pair.slice(index + 1));
  }
  return response;
}
function expect(condition, message, detail = "") {
  if (!condition) throw new Error(`${message}: no. ${detail}`);
  console.log(`ok: ${message}`);
}

const gatewayHealth = await fetch(new URL("/health", gateway));
expect(gatewayHealth.ok, `gateway GET /health answers ${gatewayHealth.status} on its published port`);
const webHealth = await fetch(new URL("/api/health", web));
expect(webHealth.ok, `web GET /api/health answers ${webHealth.status} on its published port`);

// 1. The sign-up page offers the first-admin form.
const page = await request("/sign-up");
const html = await page.text();
expect(page.status === 200 && html.includes("Create admin account"), "GET /sign-up offers the first-admin form");

// 2. Find the signUpAction server reference in the page's client chunks, as the browser loads them.
const chunks = [...new Set(html.match(/\/_next\/static\/[^"'\\\s]+?\.js/g) ?? [])];
let actionId;
for (const chunk of chunks) {
  const source = await (await fetch(new URL(chunk, web))).text();
  const match = /createServerReference\)?\(\s*"([0-9a-f]{40,})"[^)]*?"signUpAction"/.exec(source);
  if (match) {
    actionId = match[1];
    break;
  }
}
expect(actionId, `found the signUpAction server reference in ${chunks.length} client chunks`);

// 3. Call it as React does for useActionState(signUpAction): the reply encodes the arguments
// [previousState, FormData] as part "0" = [null, "$K1"], the FormData's fields prefixed with its part
// id: "_1_" in React 19.2+, "1_" before (sent both ways; the server reads only its own).
const body = new FormData();
for (const prefix of ["_1_", "1_"]) {
  body.append(`${prefix}name`, "Smoke Admin");
  body.append(`${prefix}email`, email);
  body.append(`${prefix}password`, password);
}
body.append("0", JSON.stringify([null, "$K1"]));
const signUp = await request("/sign-up", {
  method: "POST",
  headers: { accept: "text/x-component", "next-action": actionId },
  body,
});
const reply = await signUp.text();
expect(signUp.status === 200 && reply.includes('"ok":true'), "the sign-up server action succeeded", reply.slice(0, 500));

// 4. next-auth credentials sign-in, as signIn("credentials", { redirect: false }) does.
const csrf = await request("/api/auth/csrf");
const { csrfToken } = await csrf.json();
expect(csrfToken, "next-auth issued a CSRF token");
const signIn = await request("/api/auth/callback/credentials", {
  method: "POST",
  headers: { "content-type": "application/x-www-form-urlencoded", "x-auth-return-redirect": "1" },
  body: new URLSearchParams({ email, password, csrfToken, callbackUrl: `${web}/catalog`, json: "true" }),
});
const signInReply = await signIn.text();
const sessionCookie = [...cookies.keys()].find((name) => name.endsWith("next-auth.session-token"));
expect(sessionCookie && !signInReply.includes("error="), "credentials sign-in set the session cookie", signInReply);

// 5. The cookie authenticates a page and an API route; without it both refuse.
const session = await (await request("/api/auth/session")).json();
expect(session && session.sid, "GET /api/auth/session returns the session");
const catalog = await request("/catalog");
expect(catalog.status === 200, `GET /catalog with the session answers ${catalog.status}`);
const api = await request("/api/v1/catalog");
expect(api.status === 200, `GET /api/v1/catalog with the session answers ${api.status}`);
const anonymous = await fetch(new URL("/api/v1/catalog", web));
expect(anonymous.status === 401, `GET /api/v1/catalog without a session answers ${anonymous.status}`);
const anonymousPage = await fetch(new URL("/catalog", web), { redirect: "manual" });
expect(anonymousPage.status >= 300 && anonymousPage.status < 400, `GET /catalog without a session redirects (${anonymousPage.status})`);

// 6. The instance is invite-only now.
const second = await fetch(new URL("/sign-up", web));
expect((await second.text()).includes("Invitation required"), "a second sign-up needs an invitation");

// 7. Prometheus metrics: only for the bearer of METRICS_TOKEN; the web gauges count the new admin's world.
const scrape = (base, path, token) =>
  fetch(new URL(path, base), token ? { headers: { authorization: `Bearer ${token}` } } : {});
expect((await scrape(web, "/api/metrics")).status === 401, "web /api/metrics refuses a scrape without the token");
const webMetrics = await (await scrape(web, "/api/metrics", metricsToken)).text();
expect(/^process_cpu_user_seconds_total\{app="web"\}/m.test(webMetrics), "web /api/metrics serves Prometheus metrics");
const gatewayMetrics = await (await scrape(gateway, "/metrics", metricsToken)).text();
expect(/^process_cpu_user_seconds_total\{app="gateway"\}/m.test(gatewayMetrics), "gateway /metrics serves Prometheus metrics");
NODE
admin_email="admin-$$@smoke.example"
admin_password="smoke-$(head -c 12 /dev/urandom | base64 | tr -d '\n/+=')"
phase_start=$SECONDS
metrics_token="$(sed -n 's/^METRICS_TOKEN=//p' "$env_file")"
node "$work/http-checks.mjs" "http://127.0.0.1:$web_port" "http://127.0.0.1:$gateway_port" "$admin_email" "$admin_password" \
  "$metrics_token" >"$work/http.log" 2>&1 || {
  cat "$work/http.log" >&2
  fail "HTTP checks"
}
signup_seconds=$((SECONDS - phase_start))
while read -r line; do check "${line#ok: }"; done < <(grep '^ok: ' "$work/http.log")
admin="$(psql "SELECT email || ' admin=' || \"isInstanceAdmin\" FROM \"User\"")"
[ "$admin" = "$admin_email admin=true" ] || fail "expected exactly one user, the admin; the database has: $admin"
check "the database has exactly one user, $admin_email, and it is instance admin"
