/*
 * The search box's query logic, with no page and no network: what a question is made of, which
 * pieces of it to look up, how the pages found are ranked, and what pasted text looks like.
 * kb-search.js imports it when the reader opens the search; tests/js/ runs it under `node --test`.
 *
 * - Chinese runs are split into overlapping two-character pieces (pairs of content characters
 *   first); ASCII words and numbers stay whole. Amounts (3,280.00元, 几百块), dates, times and a
 *   card's last digits (尾号1234) are recognised and taken out first, so they neither use up the
 *   lookups nor glue the words around them into pieces; a question stating two different amounts
 *   gets the piece 金额 instead, as it is about an amount that is not what it should be.
 * - "…是什么意思" questions are marked: the ranking then favours the glossary.
 * - Pasted text shaped like a bank's transaction SMS or like a scam message is recognised.
 * - Pages are ranked by how many pieces they match and how well, then by the weight of their
 *   kind of page (written by `kb build` into pagefind/kb-search.json).
 */

/* Characters never looked up alone, and particles that never start or end a looked-up pair. */
export const STOP = "的了是我你他她它在有和与或也就都还把被给让吗呢吧啊呀嘛说这那个要会能可去来到对很又再才";
const PARTICLES = "的了吗呢吧啊呀嘛着过";
/* How much each further result of a kind already ranked counts, so that one kind (the many triage
   outcomes) does not fill the first places with near-copies. */
export const SAME_KIND = 0.85;
/* How much more a glossary entry counts when the question asks what something means. */
export const MEANING_BOOST = 2;
/* The kind label of glossary pages, as in their `kind` metadata (generator/model/kinds.py). */
export const GLOSSARY_KIND = "术语解释";

const HAN = "\\u3400-\\u9fff";
const CN_NUMBER = "[几一二两三四五六七八九十百千万]";
const DATE = new RegExp("\\d{1,4}年\\d{1,2}月\\d{1,2}[日号]?|\\d{1,2}月\\d{1,2}[日号]?|\\d{4}[-/.]\\d{1,2}[-/.]\\d{1,2}" +
  "|\\d{1,2}[-/]\\d{1,2}(?=\\s|日|号|$)|\\d{1,2}:\\d{2}(?::\\d{2})?", "g");
const TAIL = /尾号\s*[*＊xX]*\d{3,4}/g;
const AMOUNT = new RegExp("(?:人民币|rmb|[¥￥])?\\s*\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?\\s*(?:元|块钱?|圆)?" +
  "|(?:人民币|rmb|[¥￥])\\s*\\d+(?:\\.\\d+)?\\s*(?:元|块钱?|圆)?|\\d+\\.\\d+\\s*(?:元|块钱?|圆)?" +
  "|\\d+\\s*(?:元|块钱?|圆|rmb)" +
  "|(?<=(?:扣|刷|付|收|花|消费|支出|转|是|了|笔|共)\\s*)\\d+(?![\\d:])" +
  "|" + CN_NUMBER + "*[百千万]" + CN_NUMBER + "*(?:块钱?|元)?|" + CN_NUMBER + "+(?:块钱?|元)", "g");
const MEANING = "是什么意思|什么意思|啥意思|是什么东西|什么东西|是什么|是啥|什么叫|何为|有什么区别|有啥区别|什么区别|指的是";

/* A bank's transaction SMS: an amount, a verb of spending, and the card's last digits (or the
   bank's 【name】 and a date). */
const SMS_VERB = /消费|支出|扣款|扣费|交易|取现|转出|付款|支付/;
const SMS_BANK = /【[^】]*(?:银行|银联|信用卡)[^】]*】|银行】/;
/* Scam calls and messages: asking for a code or a password, a transfer to a "safe account", screen
   sharing, or a stranger's "refund" over a chat app or a link. One strong sign is enough. */
const SECRET = /验证码|动态码|校验码|密码|卡号|cvv|安全码/;
const ASK = /要|提供|告诉|报|发给|回复|说出|念|输入|给/;
const SAFE_ACCOUNT = /安全账户|(?:转|汇)(?:账|款)?(?:到|至)[^，。]{0,10}账户/;
const REMOTE = /屏幕共享|共享屏幕|远程控制|远程协助/;
const CHANNEL = /加\s*(?:qq|微信|vx)|下载[^，。]{0,8}(?:app|软件)|点击?[^，。]{0,6}链接/;
const PRETEXT = /退款|理赔|赔付|退费|降费|费率|升级|注销|冻结|风险/;
const PERSONA = /冒充|自称|我是[^，。]{0,8}(?:客服|工作人员|专员)|(?:银行|银联|支付公司|客服)[^，。]{0,6}打(?:来)?电话|电话说/;

function unique(items) {
  return Array.from(new Set(items));
}

/* The numeric value of an amount as written ("3,280.00元" -> 3280; 几百块 -> NaN). */
function amountValue(text) {
  var digits = text.replace(/[^\d.]/g, "");
  return digits ? Number(digits) : NaN;
}

/* What pasted or typed text looks like: "bank-sms", "scam" or "". */
export function shapeOf(text) {
  var t = text.normalize("NFKC").toLowerCase();
  var pretext = PRETEXT.test(t);
  if ((SECRET.test(t) && ASK.test(t)) || SAFE_ACCOUNT.test(t) || REMOTE.test(t) || /冒充/.test(t) ||
      (CHANNEL.test(t) && pretext) || (PERSONA.test(t) && pretext && (SECRET.test(t) || CHANNEL.test(t)))) {
    return "scam";
  }
  var amount = /\d(?:[\d,]*)(?:\.\d+)?\s*元|人民币\s*\d/.test(t);
  var tail = /尾号\s*[*＊x]*\d{3,4}/.test(t);
  var dated = new RegExp(DATE.source).test(t);
  if (amount && SMS_VERB.test(t) && (tail || (SMS_BANK.test(t) && dated))) {
    return "bank-sms";
  }
  return "";
}

/* The pieces of a query, its amounts and what kind of question it is. */
export function analyse(query) {
  var text = query.normalize("NFKC").toLowerCase();
  var amounts = [];
  var asksMeaning = new RegExp(MEANING).test(text);
  var rest = text.replace(new RegExp(MEANING, "g"), " ").replace(TAIL, " ").replace(DATE, " ").replace(AMOUNT, function (found) {
    amounts.push(found.trim());
    return " ";
  });
  var out = { words: rest.match(/[a-z0-9]+/g) || [], content: [], other: [], chars: [],
              amounts: amounts, asksMeaning: asksMeaning, shape: shapeOf(query) };
  var content = [];
  var other = [];
  (rest.match(new RegExp("[" + HAN + "]+", "g")) || []).forEach(function (run) {
    for (var i = 0; i < run.length; i += 1) {
      out.chars.push(run[i]);
      var a = run[i];
      var b = run[i + 1];
      if (b && PARTICLES.indexOf(a) < 0 && PARTICLES.indexOf(b) < 0) {
        (STOP.indexOf(a) < 0 && STOP.indexOf(b) < 0 ? content : other).push(a + b);
      }
    }
  });
  var distinct = unique(amounts.map(function (a) { return isNaN(amountValue(a)) ? a : amountValue(a); }));
  if (distinct.length >= 2) {
    content.unshift("金额");  /* two different amounts: the question is about an amount */
  }
  out.content = unique(content);
  out.other = unique(other).filter(function (pair) { return out.content.indexOf(pair) < 0; });
  return out;
}

/* At most n of the items, spread evenly over the list (so a long question is covered end to end). */
export function spread(items, n) {
  if (items.length <= n) {
    return items.slice();
  }
  if (n <= 0) {
    return [];
  }
  if (n === 1) {
    return items.slice(0, 1);
  }
  var picked = [];
  for (var i = 0; i < n; i += 1) {
    picked.push(items[Math.round(i * (items.length - 1) / (n - 1))]);
  }
  return picked;
}

/* The pieces to look up within the budget: words, then content pairs, then the other pairs. */
export function chosen(p, lookups) {
  var terms = unique(p.words).slice(0, lookups);
  terms = terms.concat(spread(p.content, lookups - terms.length));
  return terms.concat(spread(p.other, lookups - terms.length));
}

/* Single characters to look up where no looked-up piece matched anything. */
export function singles(p, terms, hits, lookups) {
  var covered = new Set();
  terms.forEach(function (term, i) {
    if (hits[i] > 0) {
      Array.from(term).forEach(function (ch) { covered.add(ch); });
    }
  });
  return unique(p.chars.filter(function (ch) { return !covered.has(ch) && STOP.indexOf(ch) < 0; }))
    .slice(0, Math.max(lookups - terms.length, 0));
}

/* Add one lookup's results ({id, score} objects, Pagefind's) to the running scores. */
export function add(scores, results, weight) {
  results.forEach(function (result) {
    var entry = scores.get(result.id);
    if (!entry) {
      entry = { result: result, best: 0, total: 0, matched: 0 };
      scores.set(result.id, entry);
    }
    var gain = weight * Math.log(1 + result.score);
    entry.total += gain;
    entry.matched += weight;
    if (gain > entry.best) {
      entry.best = gain;
      entry.result = result;
    }
  });
  return results.length;
}

/* The pages found, best match first: the sum of their matches, more for matching more pieces. */
export function ranked(scores, pieces) {
  var total = pieces || 1;
  return Array.from(scores.values()).map(function (entry) {
    entry.rank = entry.total * (1 + entry.matched / total);
    return entry;
  }).sort(function (a, b) { return b.rank - a.rank; });
}

/* Results ({rank, kind}) reordered by match times the weight of their kind of page; each further
   result of a kind already listed counts SAME_KIND times less. Returns the indexes, best first. */
export function byKind(results, kindWeights, asksMeaning) {
  var seen = {};
  return results.map(function (r, i) {
    var weight = (kindWeights[r.kind] || 1) * Math.pow(SAME_KIND, seen[r.kind] || 0);
    if (asksMeaning && r.kind === GLOSSARY_KIND) {
      weight *= MEANING_BOOST;
    }
    seen[r.kind] = (seen[r.kind] || 0) + 1;
    return { index: i, score: r.rank * weight };
  }).sort(function (a, b) { return b.score - a.score || a.index - b.index; }).map(function (e) { return e.index; });
}

/* The results with the page that answers pasted text (if any) first and not again below, at most n. */
export function first(answer, results, n) {
  if (!answer) {
    return results.slice(0, n);
  }
  return [answer].concat(results.filter(function (r) { return r.url !== answer.url; })).slice(0, n);
}

/* Pagefind marks Chinese word breaks with U+200B and joins blocks with ". ": show them as Chinese text.
   `before` is the text just before this piece (an excerpt comes in pieces around its <mark> highlights),
   so a ". " right after a highlighted Chinese word is read as the full stop it is. */
export function tidy(text, before) {
  var last = (before || "").replace(/\u200b/g, "").slice(-1);
  var joined = (last + text).replace(/\u200b/g, "").replace(/([\u3400-\u9fff\uff09\u201d])\. ?/g, "$1。");
  return joined.slice(last.length);
}
