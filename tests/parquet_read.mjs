// Reads a Parquet file with hyparquet (an independent reader, in JavaScript, of the
// Parquet format) and prints its schema and rows as JSON: node parquet_read.mjs FILE.
// tests/test_sweep.py installs hyparquet from the npm registry beside a copy of this.
import { readFileSync } from 'node:fs'
import { parquetMetadata, parquetReadObjects, parquetSchema } from 'hyparquet'
const buf = readFileSync(process.argv[2])
const file = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength)
const meta = parquetMetadata(file)
const columns = parquetSchema(meta).children.map(c => ({ name: c.element.name, type: c.element.type, repetition: c.element.repetition_type, converted: c.element.converted_type ?? null }))
const rows = await parquetReadObjects({ file })
console.log(JSON.stringify({ num_rows: Number(meta.num_rows), columns, rows }, (k, v) => typeof v === 'bigint' ? Number(v) : (typeof v === 'number' && !Number.isFinite(v) ? String(v) : v)))
