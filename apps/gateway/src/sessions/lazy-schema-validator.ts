import type { JsonSchemaType, JsonSchemaValidator, jsonSchemaValidator } from "@modelcontextprotocol/sdk/validation";
import { AjvJsonSchemaValidator } from "@modelcontextprotocol/sdk/validation/ajv";

/**
 * The SDK's JSON Schema validator, created when a session first validates something (its client's
 * answer to a request for input) instead of with every session: the SDK's default builds an Ajv
 * instance with its formats and meta-schema per server, about 60% of an idle session's heap
 * (issue 17). Not one shared instance: Ajv keeps every schema it compiled, so a process-wide one
 * would grow with every form any session showed.
 */
export class LazySchemaValidator implements jsonSchemaValidator {
  private validator: AjvJsonSchemaValidator | undefined;

  getValidator<T>(schema: JsonSchemaType): JsonSchemaValidator<T> {
    this.validator ??= new AjvJsonSchemaValidator();
    return this.validator.getValidator<T>(schema);
  }
}
