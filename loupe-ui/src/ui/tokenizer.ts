// The query bar's tokenizer, after docs/QUERY.md: words, phrases, field:value with its operators,
// AND/OR/NOT, -negation, regexes, parentheses and pipes. It only colours and splits text: the
// server's parser stays the judge of what is valid (its errors come back with a position).

export type TokenKind =
  | "ws"
  | "word"
  | "phrase"
  | "field"
  | "op"
  | "keyword"
  | "number"
  | "punct"
  | "pipe"
  | "pipename"
  | "func";

export interface Token {
  kind: TokenKind;
  start: number;
  end: number;
  text: string;
}

const WORD_END = new Set([..."()[]{}\":,|*"]);
const PUNCT = new Set([..."()[]{},"]);
const KEYWORDS = new Set(["AND", "OR", "NOT"]);
const PIPE_KEYWORDS = new Set(["by", "as", "from", "asc", "desc", "before", "after"]);
const NUMBER = /^-?\d+(\.\d+)?([eE][-+]?\d+)?$/;

function isSpace(c: string): boolean {
  return c === " " || c === "\t" || c === "\n" || c === "\r";
}

export function tokenize(text: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  let inPipes = false;
  let expectPipeName = false;
  const push = (kind: TokenKind, start: number, end: number) => {
    tokens.push({ kind, start, end, text: text.slice(start, end) });
  };
  while (i < text.length) {
    const c = text[i];
    const start = i;
    if (isSpace(c)) {
      while (i < text.length && isSpace(text[i])) i++;
      push("ws", start, i);
      continue;
    }
    if (c === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      i = Math.min(i + 1, text.length);
      push("phrase", start, i);
      continue;
    }
    if (c === "|") {
      i++;
      push("pipe", start, i);
      inPipes = true;
      expectPipeName = true;
      continue;
    }
    if (PUNCT.has(c)) {
      i++;
      push("punct", start, i);
      continue;
    }
    if (!inPipes && (c === "-" || c === "~" || c === "*" || c === "!")) {
      i++;
      push("op", start, i);
      continue;
    }
    if (c === ":") {
      i++;
      while (i < text.length && "=<>~!".includes(text[i])) i++;
      push("op", start, i);
      continue;
    }
    if (inPipes && "=+-/%*<>~!".includes(c)) {
      i++;
      push("op", start, i);
      continue;
    }
    while (i < text.length && !isSpace(text[i]) && !WORD_END.has(text[i])) i++;
    if (i === start) i++;
    const word = text.slice(start, i);
    let kind: TokenKind = "word";
    if (inPipes) {
      if (expectPipeName) {
        kind = "pipename";
        expectPipeName = false;
      } else if (text[i] === "(") {
        kind = "func";
      } else if (PIPE_KEYWORDS.has(word)) {
        kind = "keyword";
      } else if (NUMBER.test(word)) {
        kind = "number";
      }
    } else if (text[i] === ":") {
      kind = "field";
    } else if (KEYWORDS.has(word)) {
      kind = "keyword";
    } else if (NUMBER.test(word)) {
      kind = "number";
    }
    push(kind, start, i);
  }
  return tokens;
}

/** The query split at its first pipe outside quotes: the filters and the pipes (with the "|"). */
export function splitPipes(text: string): { filters: string; pipes: string } {
  for (const token of tokenize(text)) {
    if (token.kind === "pipe") {
      return { filters: text.slice(0, token.start).trim(), pipes: text.slice(token.start).trim() };
    }
  }
  return { filters: text.trim(), pipes: "" };
}

/** The names of the pipes in the query, in order. */
export function pipeNames(text: string): string[] {
  return tokenize(text)
    .filter((t) => t.kind === "pipename")
    .map((t) => t.text);
}

/** True when the query's rows are a table (stats-like pipes) rather than log lines. */
export function isTableQuery(text: string): boolean {
  return pipeNames(text).some((name) => name === "stats" || name === "top" || name === "uniq");
}

const BARE_FIELD = /^[A-Za-z_][A-Za-z0-9_.\-]*$/;

export function quoteValue(value: string): string {
  return '"' + value.replace(/\\/g, "\\\\").replace(/"/g, '\\"').replace(/\n/g, "\\n") + '"';
}

export function fieldName(name: string): string {
  return BARE_FIELD.test(name) && !KEYWORDS.has(name) ? name : quoteValue(name);
}

/** A filter matching exactly this value of this field (negated when exclude). */
export function exactFilter(field: string, value: string, exclude: boolean): string {
  const filter =
    field === "_stream" && value.startsWith("{")
      ? `_stream:${value}`
      : `${fieldName(field)}:=${quoteValue(value)}`;
  return (exclude ? "-" : "") + filter;
}

/** The query with a filter added to its filter part (before the pipes). */
export function addFilter(query: string, filter: string): string {
  const { filters, pipes } = splitPipes(query);
  const base = filters === "*" ? "" : filters;
  const needsParens = tokenize(base).some((t) => t.kind === "keyword" && t.text === "OR");
  const left = needsParens ? `(${base})` : base;
  const combined = (left ? left + " " : "") + filter;
  return pipes ? `${combined} ${pipes}` : combined;
}
