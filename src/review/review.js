// The review page: every change jiaodui proposes, decided one at a time.
// The data comes from `jiaodui review` (src/review.rs); the decisions go
// back to `jiaodui apply --decisions`. No network, no libraries.
(function () {
  "use strict";
  const started = performance.now();
  const DATA = JSON.parse(document.getElementById("review-data").textContent);
  const META = DATA.meta;
  // The page's language (`review --lang`): English or Chinese.
  const ZH = META.lang === "zh";
  const tr = (en, zh) => (ZH ? zh : en);
  const KIND_NAMES = ZH ? {
    join: "合并", reorder: "移位", jump: "转版", orphan: "缺版", truncated: "截断", fragment: "断段",
    interleaved: "串栏", ocr_confusion: "形近字", dup_word: "重复词", dup_char: "重复字", punctuation: "标点",
  } : {
    join: "join", reorder: "moved run", jump: "jump", orphan: "orphan", truncated: "truncated",
    fragment: "fragment", interleaved: "columns read across", ocr_confusion: "OCR confusion",
    dup_word: "doubled word", dup_char: "doubled character", punctuation: "punctuation",
  };
  // Kinds that concern structure; every other change is a character change.
  const STRUCTURAL = new Set(["join", "reorder", "jump", "orphan", "truncated", "fragment", "interleaved"]);
  const isCharKind = (kind) => !STRUCTURAL.has(kind);
  const STATUS_NAMES = ZH ? { applies: "自动修正", review: "建议", report: "报告" } : { applies: "fix applies", review: "suggestion", report: "report" };
  if (ZH) for (const node of document.querySelectorAll("[data-zh]")) node.textContent = node.dataset.zh;
  // Rust's char::is_whitespace, which decides what a join may drop.
  const WHITESPACE = /[\t\n\u000B\f\r \u0085\u00A0\u1680\u2000-\u200A\u2028\u2029\u202F\u205F\u3000]/;

  // Every change, in reading order: {c, page, key, els}.
  const all = [];
  const byKey = new Map();
  const pages = [];
  for (const issue of DATA.issues) {
    for (const page of issue.pages) {
      page.issue = issue.issue;
      pages.push(page);
      page.changes.sort((a, b) => a.start - b.start || a.end - b.end);
      for (const c of page.changes) {
        const key = page.path + "\u0000" + c.id;
        let entry = byKey.get(key);
        if (!entry) {
          entry = { c, page, key, els: [] };
          byKey.set(key, entry);
          all.push(entry);
        }
      }
    }
  }

  // Decisions: key -> {decision, replacement}. Kept in local storage under
  // a key made of the pages' hashes and the changes' ids.
  let store = null;
  try { store = window.localStorage; } catch (e) { store = null; }
  const storageKey = "jiaodui-review:" + fnv(pages.map((p) => p.path + p.sha256).join("|") + all.map((e) => e.key).join("|"));
  const decisions = new Map();
  const undo = [];
  function fnv(s) {
    let h = 0x811c9dc5;
    for (let i = 0; i < s.length; i++) { h ^= s.charCodeAt(i); h = Math.imul(h, 0x01000193) >>> 0; }
    return h.toString(16);
  }
  function load() {
    if (!store) return;
    let saved = null;
    try { saved = JSON.parse(store.getItem(storageKey) || "null"); } catch (e) { saved = null; }
    if (saved && typeof saved === "object") {
      for (const [k, v] of Object.entries(saved)) if (byKey.has(k) && v && v.decision) decisions.set(k, v);
    }
  }
  function save() {
    if (!store) return;
    try { store.setItem(storageKey, JSON.stringify(Object.fromEntries(decisions))); } catch (e) { /* storage full or denied: decisions stay in the page */ }
  }

  // Joins within a page and the moves they bring: which change stands for which.
  function joinOf(page, id) {
    return page.joins.find((j) => j.join_id === id || j.move_id === id);
  }
  function decide(entry, decision, replacement, batch) {
    if (!entry.c.decidable) return;
    const changed = batch || [];
    const set = (e, d, r) => {
      const prev = decisions.get(e.key) || null;
      changed.push({ key: e.key, prev });
      if (d === null) decisions.delete(e.key);
      else decisions.set(e.key, r === undefined ? { decision: d } : { decision: d, replacement: r });
    };
    set(entry, decision, replacement);
    // A join needs its move; a rejected move takes its join along.
    const j = joinOf(entry.page, entry.c.id);
    if (j) {
      const other = (id) => byKey.get(entry.page.path + "\u0000" + id);
      if (entry.c.id === j.join_id && decision === "accept" && j.move_id) set(other(j.move_id), "accept");
      if (entry.c.id === j.move_id && decision === "reject" && j.join_id) set(other(j.join_id), "reject");
    }
    if (!batch) finish(changed);
  }
  function finish(changed) {
    if (!changed.length) return;
    undo.push(changed);
    save();
    refresh(changed.map((c) => byKey.get(c.key)));
  }
  function undoLast() {
    const last = undo.pop();
    if (!last) return;
    for (let i = last.length - 1; i >= 0; i--) {
      const { key, prev } = last[i];
      if (prev) decisions.set(key, prev); else decisions.delete(key);
    }
    save();
    const entries = last.map((c) => byKey.get(c.key));
    refresh(entries);
    if (entries.length === 1) focus(all.indexOf(entries[0]));
  }

  // What a change does now: "accept", "reject", "choose", or "open".
  function state(entry) {
    const d = decisions.get(entry.key);
    return d ? d.decision : "open";
  }
  function replacementOf(entry) {
    const d = decisions.get(entry.key);
    if (d && d.decision === "choose") return d.replacement;
    return entry.c.replacement;
  }
  function isApplied(entry, pending) {
    const s = state(entry);
    if (s === "accept" || s === "choose") return true;
    return pending && s === "open" && entry.c.status === "applies";
  }

  // ---------------------------------------------------------------- rendering
  const $ = (sel, el) => (el || document).querySelector(sel);
  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text !== undefined) e.textContent = text;
    return e;
  }
  function blockAt(page, offset) {
    let lo = 0, hi = page.blocks.length - 1, found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (page.blocks[mid][0] <= offset) { found = mid; lo = mid + 1; } else hi = mid - 1;
    }
    return found;
  }
  function entryOf(page, c) { return byKey.get(page.path + "\u0000" + c.id); }
  function register(entry, node) {
    node.dataset.id = entry.c.id;
    node.addEventListener("click", (ev) => { ev.stopPropagation(); focus(all.indexOf(entry)); });
    entry.els.push(node);
    return node;
  }

  // Where each change shows in the original column.
  function placements(page) {
    const inline = page.blocks.map(() => []);
    const after = page.blocks.map(() => []);
    const before = page.blocks.map(() => []);
    for (const c of page.changes) {
      const entry = entryOf(page, c);
      if (c.kind === "join") {
        if (c.join.from[0] === page.index) after[c.join.from[1]].push(entry);
        continue;
      }
      if (c.kind === "reorder") {
        before[c.move.blocks[0]].push(entry);
        // And where the run goes: after the fragment it continues.
        if (c.move.after < page.blocks.length) after[c.move.after].push(entry);
        continue;
      }
      const b = blockAt(page, c.start);
      const bEnd = blockAt(page, Math.max(c.start, c.end - 1));
      const isChar = isCharKind(c.kind);
      if (b >= 0 && (b === bEnd || isChar) && c.start >= page.blocks[b][0] && c.end <= page.blocks[b][1]) inline[b].push(entry);
      else before[Math.max(0, b)].push(entry);
    }
    return { inline, after, before };
  }

  // One block's text with its changes inline: deletions, insertions,
  // replacements, and reports highlighted over what they concern.
  function renderInline(page, b, entries, into) {
    const [bs, be] = page.blocks[b];
    const cuts = new Set([bs, be]);
    for (const e of entries) { cuts.add(Math.max(bs, e.c.start)); cuts.add(Math.min(be, e.c.end)); }
    const points = [...cuts].sort((x, y) => x - y);
    const isChar = (e) => isCharKind(e.c.kind);
    const text = page.text;
    const insertion = (e) => {
      const ins = register(e, el("ins", "chg"));
      ins.dataset.role = "ins";
      into.appendChild(ins);
    };
    for (let k = 0; k < points.length; k++) {
      const a = points[k];
      for (const e of entries) if (e.c.start === a && e.c.end === a && isChar(e)) insertion(e);
      if (k === points.length - 1) break;
      const z = points[k + 1];
      const seg = text.slice(a, z);
      const del = entries.find((e) => isChar(e) && e.c.start <= a && e.c.end >= z && e.c.start < e.c.end);
      const hl = entries.find((e) => !isChar(e) && e.c.start <= a && e.c.end >= z);
      let node = document.createTextNode(seg);
      if (del && del.c.replacement !== null) {
        const d = register(del, el("del", "chg"));
        d.dataset.role = "del";
        d.appendChild(node);
        node = d;
      } else if (del) {
        const m = register(del, el("mark", "chg"));
        m.appendChild(node);
        node = m;
      }
      if (hl) {
        const m = register(hl, el("mark", "chg"));
        m.appendChild(node);
        node = m;
      }
      into.appendChild(node);
      for (const e of entries) {
        if (isChar(e) && e.c.start < e.c.end && e.c.end === z) {
          if (e.c.replacement !== null || e.c.decidable) insertion(e);
        }
      }
    }
    for (const e of entries) {
      if (isChar(e)) continue;
      const label = e.c.kind === "jump" && e.c.link
        ? (e.c.link.head[0] === page.index ? tr("⤳ continues on ", "⤳ 转至 ") + e.c.link.continuation_path + " ¶" + (e.c.link.continuation[1] + 1) : tr("⤳ continued from ", "⤳ 接自 ") + e.c.link.head_path)
        : "⚑ " + KIND_NAMES[e.c.kind];
      into.appendChild(register(e, el("span", "seam report", label)));
    }
  }

  // Blocks [s, e) as paragraph numbers: `¶7`, or `¶7–9`.
  function paragraphs([s, e]) {
    return e - s === 1 ? "¶" + (s + 1) : "¶" + (s + 1) + "–" + e;
  }

  function pageHeader(page) {
    const h = el("h2");
    h.appendChild(el("span", "path", page.path));
    if (page.number !== null) h.appendChild(el("span", "", tr("page " + page.number, "第" + page.number + "版")));
    const decidable = page.changes.filter((c) => c.decidable).length;
    const reports = page.changes.length - decidable;
    h.appendChild(el("span", "", tr(decidable + " change" + (decidable === 1 ? "" : "s") + ", " + reports + " report" + (reports === 1 ? "" : "s"), decidable + " 处修改，" + reports + " 条报告")));
    if (page.traditional) h.appendChild(el("span", "", tr("traditional script: structure and doubled words only", "繁体页：只查结构和重复")));
    return h;
  }

  function renderOriginal(page, into) {
    const { inline, after, before } = placements(page);
    let movedUntil = -1;
    let movedBox = null;
    for (let b = 0; b < page.blocks.length; b++) {
      let parent = into;
      for (const e of before[b]) {
        const c = e.c;
        if (c.kind === "reorder") {
          movedBox = el("div", "moved");
          const label = el("div", "moved-label");
          label.appendChild(register(e, el("span", "seam join", tr("⤴ moved up to follow ¶", "⤴ 移到 ¶") + (c.move.after + 1) + tr("", " 之后"))));
          label.appendChild(document.createTextNode(" " + paragraphs(c.move.blocks)));
          movedBox.appendChild(label);
          into.appendChild(movedBox);
          movedUntil = c.move.blocks[1];
        } else {
          const label = el("div", "moved-label");
          label.appendChild(register(e, el("span", "seam report", "⚑ " + KIND_NAMES[c.kind])));
          label.appendChild(document.createTextNode(" " + c.message.slice(0, 80) + (c.message.length > 80 ? "…" : "")));
          into.appendChild(label);
        }
      }
      if (movedBox && b < movedUntil) parent = movedBox;
      const p = el("p", "blk");
      p.appendChild(el("span", "no", "¶" + (b + 1)));
      renderInline(page, b, inline[b], p);
      for (const e of after[b]) {
        const c = e.c;
        if (c.kind === "reorder") {
          p.appendChild(register(e, el("span", "seam join", "⤶ " + paragraphs(c.move.blocks) + tr(" move here", " 移到此处"))));
          continue;
        }
        const same = c.join.to[0] === page.index;
        const label = same ? tr("⤵ joins ¶", "⤵ 接 ¶") + (c.join.to[1] + 1) : tr("⤵ continues on ", "⤵ 接续于 ") + c.join.to_path;
        p.appendChild(register(e, el("span", "seam join", label)));
      }
      parent.appendChild(p);
      if (movedBox && b + 1 >= movedUntil) movedBox = null;
    }
  }

  // The page's layout under the current decisions, as `apply` computes it
  // (src/article.rs Layout::new): accepted moves relink their runs, accepted
  // joins run blocks together. `pending` counts undecided changes fix applies.
  function layout(page, pending) {
    const n = page.blocks.length;
    const NONE = -1;
    const next = [], prev = [];
    for (let i = 0; i < n; i++) { next.push(i + 1 === n ? NONE : i + 1); prev.push(i - 1); }
    let head = n === 0 ? NONE : 0;
    const joined = new Array(n).fill(false);
    const ok = (id) => id !== null && isApplied(byKey.get(page.path + "\u0000" + id), pending);
    for (const j of page.joins) {
      const joinOk = ok(j.join_id);
      const moveOk = j.move_id === null || ok(j.move_id);
      if (!moveOk || (j.moved === null && !joinOk)) continue;
      if (j.moved) {
        const [ms, me] = j.moved;
        const inRun = (x) => x >= ms && x < me;
        const first = ms;
        let last = first;
        while (next[last] !== NONE && inRun(next[last])) last = next[last];
        const after = j.from;
        if (next[after] === first) { joined[after] = joinOk; continue; }
        if (inRun(after)) continue;
        const p = prev[first], q = next[last];
        if (p === NONE) head = q; else next[p] = q;
        if (q !== NONE) prev[q] = p;
        const q2 = next[after];
        next[after] = first; prev[first] = after; next[last] = q2;
        if (q2 !== NONE) prev[q2] = last;
      }
      joined[j.from] = joinOk;
    }
    const order = [];
    for (let at = head; at !== NONE; at = next[at]) order.push(at);
    return { order, joined };
  }

  // The character changes in effect on a page, first wins where they overlap
  // (src/fix.rs applied_edits).
  function charEdits(page, pending) {
    const chosen = page.changes
      .map((c) => entryOf(page, c))
      .filter((e) => e.c.decidable && isCharKind(e.c.kind) && isApplied(e, pending) && replacementOf(e) !== null && replacementOf(e) !== undefined)
      .sort((a, b) => a.c.start - b.c.start);
    const out = [];
    for (const e of chosen) if (!out.length || out[out.length - 1].c.end <= e.c.start) out.push(e);
    return out;
  }
  function applyIn(page, [s, z], edits, html) {
    let pos = s;
    const parts = [];
    for (const e of edits) {
      if (e.c.start < s || e.c.end > z || e.c.start < pos) continue;
      parts.push(page.text.slice(pos, e.c.start));
      const r = replacementOf(e);
      if (html) parts.push({ ins: r, del: page.text.slice(e.c.start, e.c.end), entry: e });
      else parts.push(r);
      pos = e.c.end;
    }
    parts.push(page.text.slice(pos, z));
    return parts;
  }
  // The repaired page's exact text under the accepted decisions: what
  // `jiaodui apply` writes (src/fix.rs render_page).
  function repairedText(page) {
    const text = page.text;
    const blocks = page.blocks;
    if (!blocks.length) return text;
    const { order, joined } = layout(page, false);
    const edits = charEdits(page, false);
    const lastOriginal = blocks.length - 1;
    const gapAfter = (p) => text.slice(blocks[p][1], p + 1 < blocks.length ? blocks[p + 1][0] : text.length);
    const invisible = (p) => (p === lastOriginal ? "" : [...gapAfter(p)].filter((ch) => !WHITESPACE.test(ch)).join(""));
    let out = text.slice(0, blocks[0][0]);
    let prev = null;
    for (const i of order) {
      if (prev !== null) {
        if (joined[prev]) out += invisible(prev);
        else if (i === prev + 1) out += gapAfter(prev);
        else { out += invisible(prev); out += page.line_ending + page.line_ending; }
      }
      out += applyIn(page, blocks[i], edits, false).join("");
      prev = i;
    }
    if (prev !== null) out += invisible(prev);
    out += text.slice(blocks[lastOriginal][1]);
    return out;
  }
  // The repaired column: paragraphs as they will read, accepted changes in
  // green, changes fix would apply that are still undecided dashed.
  function renderRepaired(page, into) {
    into.textContent = "";
    const { order, joined } = layout(page, true);
    const edits = charEdits(page, true);
    let p = null;
    let prev = null;
    for (const i of order) {
      if (prev === null || !joined[prev]) {
        p = el("p", "blk");
        p.appendChild(el("span", "no", "¶" + (i + 1)));
        into.appendChild(p);
      } else {
        p.appendChild(el("span", "joined-seam", "▸"));
      }
      for (const part of applyIn(page, page.blocks[i], edits, true)) {
        if (typeof part === "string") p.appendChild(document.createTextNode(part));
        else {
          const pending = state(part.entry) === "open";
          if (part.ins) p.appendChild(el("ins", "chg " + (pending ? "suggestion" : "accepted"), part.ins));
          else p.appendChild(el("del", "chg " + (pending ? "suggestion" : "accepted"), part.del));
        }
      }
      prev = i;
    }
  }

  const pagesEl = document.getElementById("pages");
  function render() {
    const frag = document.createDocumentFragment();
    let issueEl = null;
    let lastIssue = null;
    for (const page of pages) {
      if (page.issue !== lastIssue) {
        issueEl = el("section", "issue");
        issueEl.appendChild(el("h1", "", page.issue || tr("(current directory)", "（当前目录）")));
        frag.appendChild(issueEl);
        lastIssue = page.issue;
      }
      const sec = el("section", "page");
      sec.appendChild(pageHeader(page));
      const cols = el("div", "cols");
      const orig = el("div", "col original");
      orig.appendChild(el("div", "col-head", tr("as printed, with the changes", "原文及修改")));
      const t1 = el("div", "text");
      renderOriginal(page, t1);
      orig.appendChild(t1);
      const rep = el("div", "col repaired");
      rep.appendChild(el("div", "col-head", tr("repaired (green: accepted; dashed: fix would apply, undecided)", "修改后（绿色：已接受；虚线：fix 会修改，尚未决定）")));
      page.repairedEl = el("div", "text");
      rep.appendChild(page.repairedEl);
      cols.appendChild(orig);
      cols.appendChild(rep);
      sec.appendChild(cols);
      issueEl.appendChild(sec);
      sec.page = page;
      if (watcher) watcher.observe(sec); else near.add(page);
    }
    pagesEl.appendChild(frag);
  }

  // ------------------------------------------------------------ state to view
  const filters = { kind: "", confidence: 0, open: false };
  function visible(entry) {
    return (!filters.kind || entry.c.kind === filters.kind) && entry.c.confidence >= filters.confidence && (!filters.open || (entry.c.decidable && state(entry) === "open"));
  }
  function paint(entry) {
    const s = state(entry);
    const suggestion = s === "open" && entry.c.status !== "applies";
    const hidden = !visible(entry);
    for (const node of entry.els) {
      node.classList.toggle("accepted", s === "accept" || s === "choose");
      node.classList.toggle("rejected", s === "reject");
      node.classList.toggle("suggestion", suggestion);
      node.classList.toggle("filtered", hidden);
      if (node.dataset.role === "ins") node.textContent = replacementOf(entry) || (entry.c.replacement === null ? "" : entry.c.replacement);
    }
  }
  // Repaired columns are built for the pages near the screen only, and
  // again when a decision on the page changes them.
  const sideDirty = new Set(pages);
  const near = new Set();
  function renderSide() {
    if (!document.body.classList.contains("side")) return;
    for (const p of [...sideDirty]) {
      if (near.has(p)) { renderRepaired(p, p.repairedEl); sideDirty.delete(p); }
    }
  }
  const watcher = "IntersectionObserver" in window ? new IntersectionObserver((seen) => {
    for (const s of seen) {
      const p = s.target.page;
      if (s.isIntersecting) near.add(p); else near.delete(p);
    }
    renderSide();
  }, { rootMargin: "1500px 0px" }) : null;
  function refresh(entries) {
    for (const e of entries) { paint(e); sideDirty.add(e.page); }
    renderSide();
    counter();
    if (current >= 0) showPanel(all[current]);
  }
  function counter() {
    let decided = 0, open = 0, reports = 0;
    for (const e of all) {
      if (!e.c.decidable) reports++;
      else if (state(e) === "open") open++;
      else decided++;
    }
    const c = document.getElementById("counter");
    c.textContent = "";
    const b = (t) => el("b", "", String(t));
    c.append(b(open), tr(" left to decide · ", " 处待定 · "), b(decided), tr(" decided · ", " 处已定 · "), b(reports), tr(" reports", " 条报告"));
    c.dataset.open = open;
  }

  // ---------------------------------------------------------------- the panel
  let current = -1;
  const panel = document.getElementById("panel");
  function focus(i) {
    if (current >= 0) all[current].els.forEach((n) => n.classList.remove("focus"));
    current = i;
    if (i < 0) { showPanel(null); return; }
    const entry = all[i];
    entry.els.forEach((n) => n.classList.add("focus"));
    if (entry.els[0]) entry.els[0].scrollIntoView({ block: "center" });
    showPanel(entry);
  }
  function move(step) {
    for (let k = 1; k <= all.length; k++) {
      const i = (((current < 0 && step < 0 ? 0 : current) + step * k) % all.length + all.length) % all.length;
      if (visible(all[i])) { focus(i); return; }
    }
  }
  function excerpt(entry) {
    const t = entry.page.text;
    const box = el("div", "excerpt");
    const s = Math.max(0, entry.c.start - 14), z = Math.min(t.length, entry.c.end + 14);
    box.append(t.slice(s, entry.c.start).replace(/\s+/g, " "));
    const mid = t.slice(entry.c.start, entry.c.end);
    if (entry.c.kind === "join" || entry.c.kind === "reorder" || entry.c.kind === "interleaved") box.append(el("mark", "chg", "‖"));
    else if (mid) box.append(el("del", "chg", mid));
    const r = replacementOf(entry);
    if (r) box.append(el("ins", "chg", r));
    box.append(t.slice(entry.c.end, z).replace(/\s+/g, " "));
    return box;
  }
  function showPanel(entry) {
    panel.textContent = "";
    if (!entry) {
      panel.appendChild(el("p", "empty", tr("Click a change, or press j for the next one. Green: fix applies it; orange: a suggestion fix leaves; blue: a report.", "点击一处修改，或按 j 到下一处。绿色：fix 会修改；橙色：fix 不改的建议；蓝色：报告。")));
      return;
    }
    const c = entry.c;
    const h = el("h3");
    h.appendChild(el("span", "kind", KIND_NAMES[c.kind] || c.kind));
    const st = el("span", "status " + (c.status === "applies" ? "accepted" : c.status === "review" ? "suggestion" : ""), STATUS_NAMES[c.status]);
    st.style.background = c.status === "applies" ? "var(--ins-bg)" : c.status === "review" ? "var(--sugg-bg)" : "var(--report-bg)";
    h.appendChild(st);
    panel.appendChild(h);
    panel.appendChild(el("div", "decided", entry.page.path + ":" + c.line + tr(" · confidence ", " · 置信度 ") + c.confidence.toFixed(2) + " · id " + c.id));
    if (c.kind !== "reorder" && c.kind !== "interleaved") panel.appendChild(excerpt(entry));
    panel.appendChild(el("p", "reason", c.message));
    if (!c.decidable) {
      panel.appendChild(el("p", "decided", tr("A report: nothing to decide here. fix and apply leave it as printed.", "报告：无需决定，fix 和 apply 都不改动。")));
      return;
    }
    const isChar = isCharKind(c.kind);
    if (isChar && c.alternatives.length) {
      const alts = el("div", "alts");
      c.alternatives.forEach((a, k) => {
        const chosen = (state(entry) === "choose" && replacementOf(entry) === a.text) || (state(entry) === "accept" && k === 0);
        const btn = el("button", chosen ? "primary" : "");
        btn.dataset.alt = String(k + 1);
        btn.append(a.text === "" ? tr("(delete)", "（删除）") : a.text);
        btn.appendChild(el("small", "", (k + 1) + " · " + a.score.toFixed(2)));
        btn.addEventListener("click", () => choose(entry, k));
        alts.appendChild(btn);
      });
      panel.appendChild(alts);
    }
    if (isChar) {
      const row = el("div", "custom");
      const input = el("input");
      input.id = "custom-replacement";
      input.placeholder = tr("another replacement…", "其他改法…");
      input.value = state(entry) === "choose" ? replacementOf(entry) : "";
      const go = el("button", "", tr("Use", "使用"));
      const use = () => { if (input.value !== "") decide(entry, "choose", input.value); };
      go.addEventListener("click", use);
      input.addEventListener("keydown", (ev) => { if (ev.key === "Enter") { ev.preventDefault(); use(); input.blur(); } if (ev.key === "Escape") input.blur(); });
      row.append(input, go);
      panel.appendChild(row);
    }
    const actions = el("div", "actions");
    const accept = el("button", "primary", c.replacement === null && isChar ? tr("Accept (nothing proposed)", "接受（无建议）") : tr("Accept (a)", "接受 (a)"));
    accept.id = "accept";
    accept.disabled = isChar && c.replacement === null;
    accept.addEventListener("click", () => decide(entry, "accept"));
    const reject = el("button", "danger", tr("Keep as printed (r)", "保持原样 (r)"));
    reject.id = "reject";
    reject.addEventListener("click", () => decide(entry, "reject"));
    actions.append(accept, reject);
    panel.appendChild(actions);
    const s = state(entry);
    panel.appendChild(el("p", "decided", s === "open" ? tr("Undecided: apply leaves it as printed.", "未决定：apply 保持原样。") : s === "reject" ? tr("Decided: keep as printed.", "已决定：保持原样。") : s === "choose" ? tr("Decided: replace with ‘" + replacementOf(entry) + "’.", "已决定：改为‘" + replacementOf(entry) + "’。") : tr("Decided: accepted.", "已决定：接受。")));
    const j = joinOf(entry.page, c.id);
    if (j && j.join_id && j.move_id) panel.appendChild(el("p", "decided", c.id === j.join_id ? tr("This join needs its moved run: accepting it accepts the move.", "此合并需要先移段：接受合并即接受移段。") : tr("Rejecting this move rejects the join it brings.", "拒绝移段也就拒绝随之的合并。")));
  }
  function choose(entry, k) {
    const a = entry.c.alternatives[k];
    if (!a) return;
    if (k === 0 && a.text === entry.c.replacement) decide(entry, "accept");
    else decide(entry, "choose", a.text);
  }

  // ------------------------------------------------------------------ export
  function decisionsFile() {
    const files = pages.map((page) => ({
      path: page.path,
      sha256: page.sha256,
      changes: page.changes
        .filter((c) => c.decidable)
        .map((c) => entryOf(page, c))
        .filter((e, k, arr) => arr.indexOf(e) === k && state(e) !== "open")
        .map((e) => {
          const d = decisions.get(e.key);
          const out = { id: e.c.id, kind: e.c.kind, original: e.c.original, decision: d.decision };
          if (d.decision === "choose") out.replacement = d.replacement;
          return out;
        }),
    }));
    return { format: DATA.format, version: DATA.version, tool: META.tool, lexicon: META.lexicon, files };
  }
  function exportDecisions() {
    const blob = new Blob([JSON.stringify(decisionsFile(), null, 1) + "\n"], { type: "application/json" });
    const a = el("a");
    a.href = URL.createObjectURL(blob);
    a.download = "decisions.json";
    document.body.appendChild(a);
    a.click();
    setTimeout(() => { URL.revokeObjectURL(a.href); a.remove(); }, 1000);
  }
  function bulkAccept(threshold) {
    const batch = [];
    for (const e of all) {
      if (e.c.decidable && state(e) === "open" && visible(e) && e.c.confidence >= threshold && !(e.c.replacement === null && isCharKind(e.c.kind))) decide(e, "accept", undefined, batch);
    }
    finish(batch);
  }

  // ---------------------------------------------------------------- controls
  function setView(side) {
    document.body.classList.toggle("side", side);
    document.getElementById("view").value = side ? "side" : "inline";
    renderSide();
  }
  function wire() {
    const kinds = [...new Set(all.map((e) => e.c.kind))].sort();
    const kindSel = document.getElementById("filter-kind");
    for (const k of kinds) { const o = el("option", "", KIND_NAMES[k] || k); o.value = k; kindSel.appendChild(o); }
    kindSel.addEventListener("change", () => { filters.kind = kindSel.value; all.forEach(paint); });
    const conf = document.getElementById("filter-confidence");
    conf.addEventListener("input", () => { filters.confidence = parseFloat(conf.value) || 0; all.forEach(paint); });
    const open = document.getElementById("filter-open");
    open.addEventListener("change", () => { filters.open = open.checked; all.forEach(paint); });
    document.getElementById("view").addEventListener("change", (ev) => setView(ev.target.value === "side"));
    document.getElementById("export").addEventListener("click", exportDecisions);
    document.getElementById("bulk-threshold").value = String(META.min_confidence);
    document.getElementById("bulk-accept").addEventListener("click", () => bulkAccept(parseFloat(document.getElementById("bulk-threshold").value) || 0));
    document.getElementById("reset").addEventListener("click", () => {
      if (!window.confirm(tr("Forget every decision on this page?", "清除本页的所有决定？"))) return;
      const batch = [...decisions.keys()].map((key) => ({ key, prev: decisions.get(key) }));
      decisions.clear();
      finish(batch);
    });
    const help = document.getElementById("help");
    document.getElementById("help-button").addEventListener("click", () => { help.hidden = !help.hidden; });
    document.addEventListener("keydown", (ev) => {
      const t = ev.target;
      if (ev.ctrlKey || ev.metaKey || ev.altKey) return;
      if (t && (t.tagName === "INPUT" || t.tagName === "SELECT" || t.tagName === "TEXTAREA")) return;
      const entry = current >= 0 ? all[current] : null;
      const k = ev.key;
      if (k === "j" || k === "n" || k === "ArrowDown") move(1);
      else if (k === "k" || k === "p" || k === "ArrowUp") move(-1);
      else if ((k === "a" || k === "Enter") && entry) decide(entry, "accept");
      else if ((k === "r" || k === "x") && entry) decide(entry, "reject");
      else if (k === "u" || k === "z") undoLast();
      else if (k === "s") setView(!document.body.classList.contains("side"));
      else if (k === "e" && entry) { const i = document.getElementById("custom-replacement"); if (i) i.focus(); }
      else if (/^[1-9]$/.test(k) && entry) choose(entry, parseInt(k, 10) - 1);
      else if (k === "?" ) help.hidden = !help.hidden;
      else if (k === "Escape") help.hidden = true;
      else return;
      ev.preventDefault();
    });
  }

  load();
  render();
  wire();
  all.forEach(paint);
  counter();
  showPanel(null);
  // For scripts and tests: the same operations the controls perform.
  window.jiaodui = {
    changes: () => all.map((e) => ({ path: e.page.path, id: e.c.id, kind: e.c.kind, status: e.c.status, message: e.c.message, shown: e.els.length > 0, decision: state(e) })),
    focusChange: (path, id) => focus(all.indexOf(byKey.get(path + "\u0000" + id))),
    decisions: decisionsFile,
    repairedText: (path) => repairedText(pages.find((p) => p.path === path)),
    bulkAccept,
    // How long the page took to build itself, in milliseconds.
    initMs: performance.now() - started,
  };
})();
