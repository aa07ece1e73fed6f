// A streaming CSV parser after RFC 4180: fields separated by commas, records by CRLF (LF and a
// lone CR are accepted too), fields with commas, quotes or line breaks enclosed in double quotes,
// a quote inside a quoted field written twice (""). A byte-order mark at the start is skipped and
// blank lines are ignored. Text arrives in chunks of any size (a chunk may end anywhere, even
// between the CR and LF of a line break); each record carries the line it starts on, so that a
// bad row can be reported by its line in the file.
//
// Leniency where the RFC is silent or files in the wild differ: a quote inside an unquoted field
// is kept as a plain character. Text after the closing quote of a field (`"ab"c`) and a quote
// left open at the end of the input make the record bad (its `error`), not the whole file.

export interface CsvRecord {
  fields: string[];
  /** 1-based line of the file on which the record starts. */
  line: number;
  /** Set when the record is malformed; its fields are then unreliable. */
  error?: string;
}

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;
const BOM = 0xfeff;

const enum State {
  /** At the start of a field. */
  FieldStart,
  /** Inside a field that did not start with a quote. */
  Unquoted,
  /** Inside a quoted field. */
  Quoted,
  /** Just after a quote inside a quoted field: a second quote, a separator or the end follows. */
  AfterQuote,
}

export class CsvParser {
  private state = State.FieldStart;
  private field = "";
  private fields: string[] = [];
  /** Whether the current record had a quoted field (a line of `""` is a record, not a blank). */
  private quoted = false;
  private error: string | undefined;
  private line = 1;
  private recordLine = 1;
  private started = false;
  /** Whether the last character of the previous chunk was a CR (a CRLF split across chunks). */
  private lastWasCR = false;
  private out: CsvRecord[] = [];

  /** Parses a chunk; returns the records it completed. */
  push(chunk: string): CsvRecord[] {
    let s = chunk;
    if (s.length === 0) return [];
    if (!this.started) {
      this.started = true;
      if (s.charCodeAt(0) === BOM) s = s.slice(1);
    }
    const n = s.length;
    let i = 0;
    // Start of the run of plain characters not yet appended to `field`.
    let mark = 0;
    const prevIsCR = (at: number) => (at > 0 ? s.charCodeAt(at - 1) === CR : this.lastWasCR);

    while (i < n) {
      const c = s.charCodeAt(i);
      switch (this.state) {
        case State.FieldStart:
          if (c === QUOTE) {
            this.state = State.Quoted;
            this.quoted = true;
            mark = i + 1;
          } else if (c === COMMA) {
            this.fields.push("");
          } else if (c === CR || c === LF) {
            if (c === LF && prevIsCR(i)) {
              // The LF of a CRLF whose CR already ended the record.
            } else {
              this.endRecord();
            }
          } else {
            this.state = State.Unquoted;
            mark = i;
          }
          i++;
          break;

        case State.Unquoted: {
          // Skip ahead to the next separator.
          let j = i;
          while (j < n) {
            const d = s.charCodeAt(j);
            if (d === COMMA || d === CR || d === LF) break;
            j++;
          }
          this.field += s.slice(mark, j);
          mark = j;
          i = j;
          if (j === n) break;
          const d = s.charCodeAt(j);
          this.fields.push(this.field);
          this.field = "";
          this.state = State.FieldStart;
          if (d !== COMMA) this.endRecord(true);
          i = j + 1;
          mark = i;
          break;
        }

        case State.Quoted: {
          let j = i;
          while (j < n) {
            const d = s.charCodeAt(j);
            if (d === QUOTE) break;
            if (d === CR || (d === LF && !prevIsCR(j))) this.line++;
            j++;
          }
          this.field += s.slice(mark, j);
          i = j;
          mark = j;
          if (j === n) break;
          this.state = State.AfterQuote;
          i = j + 1;
          mark = i;
          break;
        }

        case State.AfterQuote:
          if (c === QUOTE) {
            // An escaped quote: "" inside a quoted field.
            this.field += '"';
            this.state = State.Quoted;
            i++;
            mark = i;
          } else if (c === COMMA) {
            this.fields.push(this.field);
            this.field = "";
            this.state = State.FieldStart;
            i++;
          } else if (c === CR || c === LF) {
            this.fields.push(this.field);
            this.field = "";
            this.state = State.FieldStart;
            this.endRecord(true);
            i++;
          } else {
            this.error ??= "引号外有多余字符 (text after a closing quote)";
            this.state = State.Unquoted;
            mark = i;
          }
          break;
      }
    }
    if (this.state === State.Unquoted || this.state === State.Quoted) this.field += s.slice(mark, n);
    this.lastWasCR = s.charCodeAt(n - 1) === CR;
    const done = this.out;
    this.out = [];
    return done;
  }

  /** Ends the input; returns the last record, if any. */
  end(): CsvRecord[] {
    if (this.state === State.Quoted) {
      this.error ??= "引号未闭合 (a quoted field is not closed)";
    }
    if (this.state !== State.FieldStart || this.fields.length > 0 || this.quoted) {
      this.fields.push(this.field);
      this.field = "";
      this.state = State.FieldStart;
      this.endRecord(true, false);
    }
    const done = this.out;
    this.out = [];
    return done;
  }

  /**
   * Closes the current record at a line break. `pushed`: the last field is already in `fields`.
   * `lineBreak`: the record ends at a line break (not at the end of the input).
   */
  private endRecord(pushed = false, lineBreak = true): void {
    if (!pushed) this.fields.push(this.field);
    this.field = "";
    const blank = this.fields.length === 1 && this.fields[0] === "" && !this.quoted;
    if (!blank) {
      const rec: CsvRecord = { fields: this.fields, line: this.recordLine };
      if (this.error) rec.error = this.error;
      this.out.push(rec);
    }
    this.fields = [];
    this.quoted = false;
    this.error = undefined;
    if (lineBreak) this.line++;
    this.recordLine = this.line;
  }
}

/** Every record of a whole CSV text. */
export function parseCsv(text: string): CsvRecord[] {
  const p = new CsvParser();
  return [...p.push(text), ...p.end()];
}
