// Unit tests of the search box's query logic (overrides/assets/javascripts/kb-query.mjs), without a
// browser: `node --test tests/js/` (tests/unit/test_js.py runs it under pytest, so `make test` does).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  add, analyse, byKind, chosen, first, GLOSSARY_KIND, ranked, SAME_KIND, shapeOf, singles, spread, tidy,
} from "../../overrides/assets/javascripts/kb-query.mjs";

test("a Chinese question becomes overlapping pairs, pairs with a stop character apart", () => {
  const p = analyse("刷了一次扣了两回");
  assert.deepEqual(p.content, ["一次", "次扣", "两回"]);  // no pair starts or ends with the particle 了
  assert.deepEqual(analyse("我被扣钱").other, ["我被", "被扣"]);
  assert.deepEqual(analyse("我被扣钱").content, ["扣钱"]);
  assert.deepEqual(p.chars, ["刷", "了", "一", "次", "扣", "了", "两", "回"]);
  assert.deepEqual(p.words, []);
});

test("ASCII words and a phone number stay whole words", () => {
  const p = analyse("打12363有用吗");
  assert.deepEqual(p.words, ["12363"]);
  assert.deepEqual(p.amounts, []);
  assert.deepEqual(analyse("POS机 刷卡").words, ["pos"]);
});

test("amounts, dates, times and card tails are taken out and do not glue words together", () => {
  const p = analyse("【某某银行】您尾号1234的信用卡于12月03日21:47消费人民币3,280.00元，商户：某某商贸。");
  assert.deepEqual(p.amounts, ["人民币3,280.00元"]);
  assert.deepEqual(p.words, []);
  assert.ok(p.content.includes("消费") && p.content.includes("商户"));
  assert.ok(!p.content.some((pair) => /\d/.test(pair)));
  assert.ok(!p.content.includes("卡于") || p.content.includes("信用"));  // the run after the tail is split alone
});

test("two different amounts add the piece 金额; the same amount twice does not", () => {
  assert.equal(analyse("小票金额是128，银行扣了182").content[0], "金额");
  assert.equal(analyse("付了几百块，账单显示扣了几千").content[0], "金额");
  assert.deepEqual(analyse("买了86块的东西，结果扣了860").amounts, ["86块", "860"]);
  const same = analyse("加油站刷了300，账单上有两笔300");
  assert.deepEqual(same.amounts, ["300", "300"]);
  assert.ok(!same.content.includes("金额"));
  assert.ok(!analyse("pos刷卡多扣了100块").content.includes("金额"));
});

test("a question asking what a word means is marked, and the asking words are not looked up", () => {
  const p = analyse("冲正是什么意思");
  assert.equal(p.asksMeaning, true);
  assert.deepEqual(p.content, ["冲正"]);
  assert.equal(analyse("收单机构是啥").asksMeaning, true);
  assert.equal(analyse("冲正多久到账").asksMeaning, false);
});

test("a bank's transaction SMS is recognised by its amount, verb and card tail or bank and date", () => {
  for (const sms of [
    "【某某银行】您尾号1234的信用卡于12月03日21:47消费人民币3,280.00元，商户：某某商贸。",
    "您尾号8866的储蓄卡12月5日10:02支出(消费)1,999.00元，余额523.17元。【某银行】",
    "【XX银行】尾号0071卡12-06 03:15扣款人民币88.00元",
    "【某银行】您的信用卡2026-12-05 23:10交易人民币45.50元",
  ]) {
    assert.equal(shapeOf(sms), "bank-sms", sms);
    assert.equal(analyse(sms).shape, "bank-sms");
  }
  assert.equal(shapeOf("收到两条扣钱短信"), "");
  assert.equal(shapeOf("刷卡多扣了100元"), "");  // an amount and a verb, but no card and no bank
});

test("a scam message or call is recognised, and takes precedence over an SMS shape", () => {
  for (const scam of [
    "有人打电话说是银行客服，要我报验证码给他退款",
    "对方说我的账户有风险，让我把钱转到安全账户",
    "接到电话说我被多扣了，要加QQ办理退款",
    "您好，我是银联工作人员，您的POS机费率即将上调，请回复验证码办理降费",
    "有人冒充银行客服打电话",
    "【某银行】您尾号1234的卡消费1,000.00元，如非本人操作请回复验证码取消",
  ]) {
    assert.equal(shapeOf(scam), "scam", scam);
  }
  for (const plain of ["卡被盗刷了要不要报警", "密码输错了三次", "退款多久到账", "客服电话打不通"]) {
    assert.equal(shapeOf(plain), "", plain);
  }
});

test("spread picks evenly from end to end within the budget", () => {
  assert.deepEqual(spread(["a", "b", "c"], 5), ["a", "b", "c"]);
  assert.deepEqual(spread(["a", "b", "c", "d", "e"], 3), ["a", "c", "e"]);
  assert.deepEqual(spread(["a", "b"], 1), ["a"]);
  assert.deepEqual(spread(["a", "b"], 0), []);
});

test("the lookups are words first, then content pairs, then other pairs, within the budget", () => {
  const p = analyse("pos机刷卡多扣了钱怎么办");
  assert.deepEqual(chosen(p, 3), ["pos", "机刷", "么办"]);  // content pairs spread from end to end
  assert.equal(chosen(p, 20).length, new Set(chosen(p, 20)).size);
  assert.deepEqual(chosen(p, 20).slice(0, 1), ["pos"]);
});

test("single characters are looked up only where no looked-up piece matched", () => {
  const p = analyse("盗刷卡");
  const terms = chosen(p, 12);
  assert.deepEqual(terms, ["盗刷", "刷卡"]);
  assert.deepEqual(singles(p, terms, [0, 3], 12), ["盗"]);
  assert.deepEqual(singles(p, terms, [0, 0], 3), ["盗"]);  // the budget left
});

test("pages matching more pieces rank above a page matching one piece as well", () => {
  const scores = new Map();
  add(scores, [{ id: "a", score: 5 }, { id: "b", score: 5 }], 1);
  add(scores, [{ id: "a", score: 5 }], 1);
  add(scores, [{ id: "c", score: 5 }], 0.4);
  assert.deepEqual(ranked(scores, 2).map((e) => e.result.id), ["a", "b", "c"]);
});

test("kinds reorder the results: a situation page above a cause matching a little better", () => {
  const weights = { 常见问题: 1.25, 可能原因: 1.0, [GLOSSARY_KIND]: 0.9 };
  const results = [{ rank: 10, kind: "可能原因" }, { rank: 9, kind: "常见问题" }, { rank: 9.5, kind: GLOSSARY_KIND }];
  assert.deepEqual(byKind(results, weights, false), [1, 0, 2]);
  assert.deepEqual(byKind(results, weights, true), [2, 1, 0]);  // "…是什么意思" favours the glossary
  assert.deepEqual(byKind(results, {}, false), [0, 2, 1]);      // no weights: the match alone
});

test("each further page of a kind already listed counts less", () => {
  const results = [{ rank: 10, kind: "结果" }, { rank: 9.9, kind: "结果" }, { rank: 9, kind: "原因" }];
  assert.ok(9.9 * SAME_KIND < 9);
  assert.deepEqual(byKind(results, {}, false), [0, 2, 1]);
});

test("the page answering pasted text comes first and is not listed twice", () => {
  const found = [{ url: "/a" }, { url: "/sms" }, { url: "/b" }];
  assert.deepEqual(first({ url: "/sms" }, found, 10).map((r) => r.url), ["/sms", "/a", "/b"]);
  assert.deepEqual(first({ url: "/scam" }, found, 2).map((r) => r.url), ["/scam", "/a"]);
  assert.deepEqual(first(null, found, 2).map((r) => r.url), ["/a", "/sms"]);
});

test("Pagefind's word breaks and block joins become Chinese text", () => {
  assert.equal(tidy("刷\u200b错\u200b卡. 退款"), "刷错卡。退款");
  assert.equal(tidy("POS. Next"), "POS. Next");
  assert.equal(tidy(". 重复扣款", "扣了两次"), "。重复扣款");  // the piece after a highlighted word
  assert.equal(tidy(". Next", "POS"), ". Next");
  assert.equal(tidy("重复", ""), "重复");
});
