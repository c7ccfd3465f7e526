// Lint every queries/*.cypher with Neo4j's own Cypher front end (@neo4j-cypher/language-support:
// parser + Neo4j 5 semantic analysis), against a database schema built from the ontology in code.
//
//   node lint.mjs [QUERIES_DIR]        (default: ../../queries beside this script)
//
// The schema: labels and relationship types from ecograph/ontology.py, property keys from what
// graph/loader.py writes, the parameters each file declares in its `// params:` header, Neo4j 5's
// built-in functions, and of the procedures only Neo4j's full-text search (db.index.fulltext.queryNodes,
// for `// engine: neo4j` sections; APOC or any other CALL is an error: FalkorDB has none).
// Lines in `// engine: falkordb` sections are blanked (that Cypher is FalkorDB's, tested there);
// the rest is what Neo4j runs.
//
// Errors — syntax and semantic errors, undeclared parameters, unknown functions or procedures,
// and (stricter than the library, since the schema *is* the ontology) labels, relationship types
// and property keys the ontology does not have — fail with exit code 1. Warnings are printed.
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

// The package's ESM build uses extension-less imports that Node cannot load; its CJS build works.
const require = createRequire(import.meta.url);
const { lintCypherQuery, testData } = require('@neo4j-cypher/language-support');

const HERE = dirname(fileURLToPath(import.meta.url));
const ROOT = resolve(HERE, '..', '..');
const CYPHER_VERSION = 'CYPHER 5';
const ERROR = 1; // vscode DiagnosticSeverity
const NOT_IN_SCHEMA = /is not present in the database/;
const ALLOWED_PROCEDURES = ['db.index.fulltext.queryNodes'];

function fail(message) {
  console.error(`cypher-lint: ${message}`);
  process.exit(2);
}

// ------------------------------------------------------------------ the schema, from the ontology

function pythonStrings(source, name, file) {
  const match = source.match(new RegExp(`^${name}\\b[^=\\n]*=\\s*(\\([\\s\\S]*?\\)|"[^"]*")`, 'm'));
  if (!match) fail(`cannot find ${name} in ${file}`);
  return [...match[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);
}

function ontologySchema() {
  const modelFile = join(ROOT, 'ecograph', 'ontology.py');
  const loaderFile = join(ROOT, 'graph', 'loader.py');
  const model = readFileSync(modelFile, 'utf8');
  const loader = readFileSync(loaderFile, 'utf8');
  const labels = [...pythonStrings(model, 'LABELS', modelFile), ...pythonStrings(model, 'ARTICLE_LABEL', modelFile)];
  const relationshipTypes = [
    ...pythonStrings(model, 'REL_TYPES', modelFile),
    ...pythonStrings(model, 'MENTIONED_IN', modelFile),
  ];
  // Every property the loader writes: `{id: row.id}`, `n.name = row.name`, and RELATION_PROPERTIES.
  const propertyKeys = new Set(pythonStrings(loader, 'RELATION_PROPERTIES', loaderFile));
  for (const m of loader.matchAll(/\{\{?(\w+): row\.\w+/g)) propertyKeys.add(m[1]);
  for (const m of loader.matchAll(/\b\w\.(\w+) = row\.\w+/g)) propertyKeys.add(m[1]);
  for (const key of ['id', 'name', 'aliases', 'region', 'evidence', 'article_ids', 'confidence']) {
    if (!propertyKeys.has(key)) fail(`cannot read the property key '${key}' from ${loaderFile}`);
  }
  const functions = Object.fromEntries(
    Object.entries(testData.mockSchema.functions[CYPHER_VERSION]).filter(([, fn]) => fn.isBuiltIn),
  );
  return {
    labels,
    relationshipTypes,
    propertyKeys: [...propertyKeys].sort(),
    functions: { [CYPHER_VERSION]: functions },
    procedures: { [CYPHER_VERSION]: Object.fromEntries(
      Object.entries(testData.mockSchema.procedures[CYPHER_VERSION])
        .filter(([name]) => ALLOWED_PROCEDURES.includes(name)),
    ) },
    defaultLanguage: CYPHER_VERSION,
  };
}

// ------------------------------------------------------------------ one query file

const HEADER = /^\/\/\s*([a-z_]+):\s*(.*)$/;
const ENGINE = /^\/\/\s*engine:\s*([a-z0-9_]+)\s*$/;

/** The declared parameters ({name: example}) and the Neo4j text, same line numbers as the file. */
function readQuery(text) {
  const lines = text.split('\n');
  const params = {};
  let inHeader = true;
  let inParams = false;
  let section = null;
  const neo4jLines = lines.map((raw) => {
    const line = raw.trim();
    const engine = line.match(ENGINE);
    if (engine) {
      inHeader = false;
      section = engine[1] === 'any' ? null : engine[1];
      return '';
    }
    if (inHeader && line.startsWith('//')) {
      const header = line.match(HEADER);
      if (header) {
        inParams = header[1] === 'params';
        if (inParams && header[2].trim() && header[2].trim() !== 'none') addParam(params, header[2]);
      } else if (inParams && line.slice(2).trim()) {
        addParam(params, line.slice(2));
      }
      return raw;
    }
    if (line) inHeader = false;
    return section === null || section === 'neo4j' ? raw : '';
  });
  return { params, text: neo4jLines.join('\n') };
}

function addParam(params, line) {
  const [name, , , example = ''] = line.trim().split(/\s+/);
  params[name] = example;
}

/** The text with comments and string literals blanked out (offsets kept). */
function code(text) {
  return text
    .replace(/\/\/[^\n]*/g, (m) => ' '.repeat(m.length))
    .replace(/'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*"/g, (m) => ' '.repeat(m.length));
}

/** Keys of the map literals the query builds itself (`{name: m.name, …}`): reading them is fine. */
function mapKeys(text) {
  return [...code(text).matchAll(/[{,]\s*([A-Za-z_][A-Za-z0-9_]*)\s*:/g)].map((m) => m[1]);
}

/** `x.key` property accesses outside strings and comments (not `ns.fn(`): [key, offset]. */
function propertyAccesses(text) {
  const blanked = code(text);
  return [...blanked.matchAll(/[A-Za-z_)\]][A-Za-z0-9_]*\s*\.\s*([A-Za-z_][A-Za-z0-9_]*)(?!\s*[.(A-Za-z0-9_])/g)]
    .map((m) => [m[1], m.index + m[0].length - m[1].length]);
}

function position(text, offset) {
  const before = text.slice(0, offset).split('\n');
  return { line: before.length - 1, character: before.at(-1).length };
}

function lintFile(path, schema) {
  const { params, text } = readQuery(readFileSync(path, 'utf8'));
  const diagnostics = lintCypherQuery(text, { ...schema, parameters: params }).map((d) => ({
    severity: d.severity === ERROR || NOT_IN_SCHEMA.test(d.message) ? 'error' : 'warning',
    line: d.range.start.line,
    character: d.range.start.character,
    message: d.message,
  }));
  const keys = new Set([...schema.propertyKeys, ...mapKeys(text)]);
  for (const [key, offset] of propertyAccesses(text)) {
    if (!keys.has(key)) {
      diagnostics.push({
        severity: 'error',
        ...position(text, offset),
        message: `Property key ${key} is not in the ontology (graph/loader.py writes: ${schema.propertyKeys.join(', ')})`,
      });
    }
  }
  return diagnostics.sort((a, b) => a.line - b.line || a.character - b.character);
}

// ------------------------------------------------------------------ main

const dir = resolve(process.argv[2] ?? join(ROOT, 'queries'));
if (!statSync(dir, { throwIfNoEntry: false })?.isDirectory()) fail(`${dir} is not a folder`);
const files = readdirSync(dir).filter((f) => f.endsWith('.cypher')).sort();
if (files.length === 0) fail(`no .cypher files in ${dir}`);

const schema = ontologySchema();
let errors = 0;
let warnings = 0;
for (const file of files) {
  const path = join(dir, file);
  for (const d of lintFile(path, schema)) {
    const where = `${relative(process.cwd(), path) || basename(path)}:${d.line + 1}:${d.character + 1}`;
    console.log(`${where}: ${d.severity}: ${d.message}`);
    if (d.severity === 'error') errors += 1;
    else warnings += 1;
  }
}
console.log(
  `cypher-lint: ${files.length} queries, ${errors} error(s), ${warnings} warning(s) ` +
    `(Neo4j ${CYPHER_VERSION} front end; ${schema.labels.length} labels, ` +
    `${schema.relationshipTypes.length} relationship types, ${schema.propertyKeys.length} property keys)`,
);
process.exit(errors > 0 ? 1 : 0);
