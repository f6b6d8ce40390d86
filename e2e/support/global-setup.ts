import Docker from "dockerode";
import { buildTestImages } from "@switchboard/runner/testing";
import { buildTokenProbeImage } from "./token-probe/build-token-probe-image.ts";

/**
 * Builds the local test images (there is no image registry here) before any spec runs: the first
 * build installs server-everything with npm, later runs find the images by their content tag.
 * Workers inherit the environment, so specs read the tags from it.
 */
export default async function globalSetup(): Promise<void> {
  const docker = new Docker();
  const images = await buildTestImages(docker);
  process.env.E2E_EVERYTHING_IMAGE = images.everything;
  process.env.E2E_TOKEN_PROBE_IMAGE = await buildTokenProbeImage(docker, images.node);
}
