import { describe, expect, it } from "vitest";
import { z } from "zod";
import { OAuthError } from "../errors.ts";
import { readMetadataDocument } from "./read-metadata-document.ts";

const schema = z.object({ issuer: z.string(), endpoints: z.object({ token: z.url(), revoke: z.url() }) });
const url = "https://auth.example.com:8443/.well-known/thing";

async function readError(body: string) {
  return readMetadataDocument(new Response(body), schema, "test metadata", url).then(
    () => undefined,
    (error: unknown) => error,
  );
}

describe("readMetadataDocument", () => {
  it("returns the parsed document", async () => {
    const document = { issuer: "x", endpoints: { token: "https://a.test/t", revoke: "https://a.test/r" } };
    await expect(readMetadataDocument(Response.json(document), schema, "test metadata", url)).resolves.toStrictEqual(
      document,
    );
  });

  it("refuses a body that is not JSON, naming the document and host", async () => {
    const error = await readError("<html>");
    expect(error).toBeInstanceOf(OAuthError);
    expect(error).toMatchObject({
      code: "invalid_metadata",
      message: "The test metadata at auth.example.com:8443 is not JSON.",
    });
  });

  it("names each invalid field once, by its path", async () => {
    const error = await readError(JSON.stringify({ issuer: 1, endpoints: { token: "nope", revoke: 2 } }));
    expect(error).toMatchObject({
      code: "invalid_metadata",
      message: "The test metadata at auth.example.com:8443 is invalid (issuer, endpoints.token, endpoints.revoke).",
    });
    const wrongTwice = z.object({
      name: z
        .string()
        .min(3)
        .regex(/^[a-z]+$/),
    });
    await expect(
      readMetadataDocument(Response.json({ name: "A" }), wrongTwice, "test metadata", url),
    ).rejects.toMatchObject({ message: "The test metadata at auth.example.com:8443 is invalid (name)." });
  });

  it("names the document itself when it is not an object", async () => {
    await expect(readError("[1, 2]")).resolves.toMatchObject({
      message: "The test metadata at auth.example.com:8443 is invalid ((document)).",
    });
  });
});
