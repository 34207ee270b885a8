// A deliberately light stemmer: enough to make "messages"/"message" and "training"/"trained"/"train"
// meet, simple enough to stay predictable for curators reading kb:check output.

const KEEP = new Set([
  'news',
  'this',
  'does',
  'has',
  'was',
  'is',
  'us',
  'yes',
  'process',
  'access',
  'less',
  'bus',
]);

export function stem(word: string): string {
  if (word.length <= 3 || KEEP.has(word)) return word;
  let w = word;
  if (w.endsWith('ies') && w.length > 4) w = `${w.slice(0, -3)}y`;
  else if (w.endsWith('sses')) w = w.slice(0, -2);
  else if (w.endsWith('s') && !w.endsWith('ss') && !w.endsWith('us') && !w.endsWith('is')) w = w.slice(0, -1);
  if (w.endsWith('ing') && w.length > 5) w = w.slice(0, -3);
  else if (w.endsWith('ed') && w.length > 4) w = w.slice(0, -2);
  else if (w.endsWith('ly') && w.length > 5) w = w.slice(0, -2);
  if (w.endsWith('e') && w.length > 4) w = w.slice(0, -1);
  // "stopp(ing)" -> "stop", "plann(ed)" -> "plan"
  if (w.length > 4 && w.at(-1) === w.at(-2) && !'lsz'.includes(w.at(-1) ?? '')) w = w.slice(0, -1);
  return w;
}

/** Words that carry no topic. Negations and time words stay: "not", "before", "after", "already". */
export const STOPWORDS = new Set(
  `a an the and or but if so of to in on at by for with from as into about over than then that this these those
  is are was were be been being am do does did doing have has had having will would shall should can could may
  might must i me my mine we us our ours you your yours he him his she her hers it its they them their theirs
  what which who whom whose when where why how there here just also too very really please pls plz any some
  all each both more most other such only own same s t get got gonna wanna hey hi hello yo ok okay um uh like
  thing things stuff someone somebody anyone anybody one ones know tell say said mean means going
  exact exactly actual actually quick quickly even want wanna need needs basically literally wondering curious
  guys folks everyone everybody whats hows wheres whens whos lol ok`.split(/\s+/),
);
