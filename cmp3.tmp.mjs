import { readFileSync } from 'node:fs';
import { decode } from '@jridgewell/sourcemap-codec';
function sizes(fn){const m=JSON.parse(readFileSync(`dist/lambdas/${fn}/index.js.map`,'utf8'));const s=new Map();for(const line of decode(m.mappings)) line.forEach((g,i)=>{const e=line[i+1]?.[0]; if(e===undefined)return; const src=g.length>1?m.sources[g[1]]:'(none)'; const mm=/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(src); const k=process.argv[4]==='files'?src.replace(/^(\.\.\/)+/,''):(mm?mm[1]:'(app)'); s.set(k,(s.get(k)??0)+e-g[0]);}); return s;}
const a=sizes(process.argv[2]), b=sizes(process.argv[3]);
const keys=new Set([...a.keys(),...b.keys()]); const rows=[...keys].map(k=>[k,(a.get(k)??0),(b.get(k)??0)]).filter(r=>Math.abs(r[1]-r[2])>300).sort((x,y)=>Math.abs(y[2]-y[1])-Math.abs(x[2]-x[1]));
for(const [k,x,y] of rows.slice(0,40)) console.log(k.padEnd(70),(x/1024).toFixed(1).padStart(7),(y/1024).toFixed(1).padStart(7));
