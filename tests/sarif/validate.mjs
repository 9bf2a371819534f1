#!/usr/bin/env node
// Checks SARIF logs as a code-scanning service reads them, with two maintained
// validators (pinned in package.json, installed by scripts/setup.sh):
//   1. the SARIF 2.1.0 JSON schema (the copy @microsoft/jest-sarif ships), checked
//      with ajv, formats (`uri-reference`, `date-time`) in their full RFC form;
//   2. the SARIF SDK's own rules, `sarif-multitool validate` (errors and warnings:
//      URIs that are not RFC 3986, an `id` repeated as `name`, ...).
// Usage: node validate.mjs FILE.sarif...   Prints one line per problem; exits 1 if any.
import { createRequire } from 'node:module';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(import.meta.url);
const here = path.dirname(new URL(import.meta.url).pathname);
const Ajv = require('ajv');
const schema = require('@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json');

const ajv = new Ajv({ schemaId: 'auto', allErrors: true, format: 'full', validateSchema: false });
ajv.addMetaSchema(require('ajv/lib/refs/json-schema-draft-04.json'));
const validate = ajv.compile(schema);

// The SDK's Linux build is a self-contained binary inside its npm package; npm
// may skip the package's own `chmod u+x` install script, so it is done here.
const multitool = path.join(here, 'node_modules/@microsoft/sarif-multitool-linux/Sarif.Multitool');

function schemaProblems(file) {
  const log = JSON.parse(fs.readFileSync(file, 'utf8'));
  if (validate(log)) return [];
  return validate.errors.map((e) => `schema: ${e.dataPath || '/'} ${e.message}${e.params ? ' ' + JSON.stringify(e.params) : ''}`);
}

function sdkProblems(file) {
  fs.chmodSync(multitool, 0o755);
  const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'sarif-validate-')), 'out.sarif');
  execFileSync(multitool, ['validate', file, '--output', out, '--log', 'ForceOverwrite', '--quiet'], {
    env: { ...process.env, DOTNET_SYSTEM_GLOBALIZATION_INVARIANT: '1', DOTNET_CLI_TELEMETRY_OPTOUT: '1' },
    stdio: ['ignore', 'ignore', 'inherit'],
  });
  const report = JSON.parse(fs.readFileSync(out, 'utf8'));
  fs.rmSync(path.dirname(out), { recursive: true, force: true });
  const run = report.runs[0];
  const rules = run.tool.driver.rules || [];
  const problems = [];
  for (const notification of run.invocations?.flatMap((i) => i.toolExecutionNotifications || []) || []) {
    problems.push(`sarif-multitool could not check it: ${notification.message?.text}`);
  }
  for (const result of run.results || []) {
    const rule = rules[result.ruleIndex] || {};
    const level = result.level || rule.defaultConfiguration?.level || 'warning';
    if (level !== 'error' && level !== 'warning') continue;
    const template = rule.messageStrings?.[result.message.id]?.text || result.message.text || result.message.id;
    const args = result.message.arguments || [];
    const text = template.replace(/\{(\d+)\}/g, (_, i) => args[Number(i)] ?? '');
    problems.push(`${result.ruleId} (${level}): ${text}`);
  }
  return problems;
}

let failed = false;
for (const file of process.argv.slice(2)) {
  const problems = schemaProblems(file);
  // The SDK reads a log only into its own types: one the schema rejects gives it nothing to say.
  if (problems.length === 0) problems.push(...sdkProblems(file));
  for (const p of problems) console.log(`${file}: ${p}`);
  failed ||= problems.length > 0;
}
process.exit(failed ? 1 : 0);
