import { describe, expect, it } from "vitest";
import { setEntryEnabledAction } from "@/modules/admin-catalog/actions.ts";
import { changeConnectorAction } from "@/modules/connector-status/actions.ts";
import { deletePreRegisteredClientAction, preRegisterClientAction } from "@/modules/oauth-server/actions.ts";
import { changeRoleAction } from "@/modules/teams/actions.ts";

// Server actions are public endpoints: these arguments arrive from a client that may send
// anything. Each is refused before the session is even read, so no database or user is needed.
const id = "0b8c3a4e-5f61-4a2b-9c1d-2e3f4a5b6c7d";

describe("server action arguments are parsed, not trusted", () => {
  it("refuses an unknown connector command, which would otherwise name an audit action and a job", async () => {
    const result = await changeConnectorAction(id, "remove" as never);
    expect(result).toEqual({
      ok: false,
      error: 'Invalid request: Invalid option: expected one of "start"|"stop"|"restart"',
      fieldErrors: {},
    });
  });

  it("refuses a connector id that is not a UUID", async () => {
    expect(await changeConnectorAction("../../etc", "start")).toMatchObject({
      ok: false,
      error: "Invalid request: Unknown id.",
    });
  });

  it("refuses an OAuth client registration that is not a form and a client id that is not a UUID", async () => {
    expect(await preRegisterClientAction(null, "name=Agent" as never)).toMatchObject({
      ok: false,
      error: "Invalid request: Expected a form.",
    });
    expect(await deletePreRegisteredClientAction("sbc_abc")).toMatchObject({
      ok: false,
      error: "Invalid request: Unknown id.",
    });
  });

  it("refuses a team role outside the enum and a non-boolean enabled flag", async () => {
    expect(await changeRoleAction(id, id, "SUPERUSER")).toMatchObject({
      ok: false,
      error: "Invalid request: Choose owner, admin or member.",
    });
    expect(await setEntryEnabledAction("github", "yes" as never)).toMatchObject({
      ok: false,
      error: "Invalid request: Invalid input: expected boolean, received string",
    });
  });
});
