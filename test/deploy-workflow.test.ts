// The GitHub Pages workflow: valid against GitHub's workflow schema (checked offline by
// @action-validator/core, a WebAssembly build of action-validator), and doing what the
// README promises: build with Node 20 on every push to main or by hand, then publish dist/.
import {describe, expect, it} from "vitest";
import {readFileSync} from "node:fs";
import {join} from "node:path";
import {validateWorkflow} from "@action-validator/core";
import {parse} from "yaml";

const FILE = join(import.meta.dirname, "..", ".github", "workflows", "deploy.yml");
const source = readFileSync(FILE, "utf8");

interface Step { uses?: string; run?: string; with?: Record<string, unknown>; id?: string }
interface Job { "runs-on": string; needs?: string | string[]; steps: Step[]; permissions?: Record<string, string>; environment?: {name: string; url?: string} }
interface Workflow { on: Record<string, unknown>; permissions?: Record<string, string>; jobs: Record<string, Job> }

const workflow = parse(source) as Workflow;
const steps = Object.values(workflow.jobs).flatMap((job) => job.steps);
const action = (name: string) => steps.find((s) => s.uses?.split("@")[0] === name);
const position = (predicate: (s: Step) => boolean) => steps.findIndex(predicate);

describe(".github/workflows/deploy.yml", () => {
  it("is a valid GitHub Actions workflow", () => {
    expect(validateWorkflow(source).errors).toEqual([]);
  });

  it("the validator rejects broken workflows (so the check above can fail)", () => {
    expect(validateWorkflow(source.replace("runs-on: ubuntu-latest", "runs-on: [1, {a: 2}]")).errors.length).toBeGreaterThan(0);
    expect(validateWorkflow("on: push\njobs:\n  x:\n    steps: 3\n").errors.length).toBeGreaterThan(0);
  });

  it("runs on pushes to main and by hand", () => {
    expect(workflow.on.push).toEqual({branches: ["main"]});
    expect(workflow.on).toHaveProperty("workflow_dispatch");
  });

  it("may write Pages and mint an OIDC token, and nothing more than reading the code", () => {
    expect(workflow.permissions).toEqual({contents: "read", pages: "write", "id-token": "write"});
  });

  it("checks out, sets up Node 20 with the npm cache, installs with npm ci and builds", () => {
    expect(action("actions/checkout")).toBeDefined();
    expect(action("actions/setup-node")?.with).toMatchObject({"node-version": 20, cache: "npm"});
    const install = position((s) => s.run === "npm ci");
    const build = position((s) => s.run === "npm run build");
    expect(install).toBeGreaterThan(position((s) => s.uses?.startsWith("actions/setup-node@") ?? false));
    expect(build).toBeGreaterThan(install);
  });

  it("configures Pages, uploads dist/ and deploys it to the github-pages environment", () => {
    const build = position((s) => s.run === "npm run build");
    expect(position((s) => s.uses?.startsWith("actions/configure-pages@") ?? false)).toBeGreaterThan(build);
    expect(action("actions/upload-pages-artifact")?.with).toEqual({path: "dist"});
    const deployJob = Object.values(workflow.jobs).find((job) => job.steps.some((s) => s.uses?.startsWith("actions/deploy-pages@")));
    expect(deployJob?.needs).toBe("build");
    expect(deployJob?.environment?.name).toBe("github-pages");
    expect(action("actions/deploy-pages")?.id).toBe("deployment");
  });

  it("pins every action to a major version", () => {
    for (const step of steps.filter((s) => s.uses)) expect(step.uses).toMatch(/^actions\/[a-z-]+@v\d+$/);
  });
});
