import { readFileSync } from 'node:fs';
import { decode } from '@jridgewell/sourcemap-codec';
const m=JSON.parse(readFileSync(`dist/lambdas/${process.argv[2]}/index.js.map`,'utf8'));const s=new Map();for(const line of decode(m.mappings)) line.forEach((g,i)=>{const e=line[i+1]?.[0]; if(e===undefined)return; const src=g.length>1?m.sources[g[1]]:'(none)'; const mm=/node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(src); const k=process.argv[3]?src.replace(/^(\.\.\/)+/,''):(mm?mm[1]:'(app)'); s.set(k,(s.get(k)??0)+e-g[0]);});
const re=new RegExp(process.argv[3]??'.');
const rows=[...s].filter(([k])=>re.test(k)).sort((a,b)=>b[1]-a[1]); let t=0; for(const [,v] of rows) t+=v;
for (const [k,v] of rows.slice(0,Number(process.argv[4]??200))) console.log((v/1024).toFixed(1).padStart(6),k); console.log('total',(t/1024).toFixed(1), 'file', (readFileSync(`dist/lambdas/${process.argv[2]}/index.js`).length/1024).toFixed(1));
