/* Fill-in checklists (issue 30): progressive enhancement of a printable checklist.
 *
 * The page (generator/render/templates/fill.md.j2) marks each blank of its tables with
 * data-kb-blank (the kind), data-kb-field (the key) and data-kb-label (the printed name). Without
 * JavaScript they stay empty cells to write in. Here each blank gets a labelled input on screen; what
 * is typed is kept in this device's localStorage under one key per situation (data-kb-facts), written
 * back into the cell so that printing shows it, and never sent anywhere. A full card number is
 * refused before it is stored. The deadline dates are computed from the page's rule table (JSON
 * made from content/escalation/*.yaml), never from dates written here.
 */
(function () {
  "use strict";

  var CARD_MESSAGE = "只填卡号后四位，不要填完整卡号";
  var DAY = 86400000;
  /* How each kind of blank is typed and checked. `free` fields take any text but a card number. */
  var KINDS = {
    "card-tail": { mode: "numeric", format: /^\d{1,4}$/, hint: "只填4位数字" },
    amount: { mode: "decimal", max: 12, format: /^\d+(\.\d{1,2})?$/, hint: "只填数字，例如 128.50" },
    digits: { mode: "numeric", max: 24, format: /^\d+$/, hint: "只填数字" },
    date: { type: "date" },
    datetime: { mode: "text", max: 30, free: true },
    text: { mode: "text", max: 60, free: true },
    long: { mode: "text", max: 300, free: true, multiline: true }
  };
  var EMPTY = "＿＿＿＿＿＿";

  /* True when a string of digits passes the Luhn check, as every payment card number does. */
  function luhn(digits) {
    var sum = 0;
    for (var i = 0; i < digits.length; i++) {
      var d = +digits[digits.length - 1 - i];
      if (i % 2 === 1) { d = d * 2 > 9 ? d * 2 - 9 : d * 2; }
      sum += d;
    }
    return sum % 10 === 0;
  }

  /* The text without any full card number (13–19 digits, spaces or dashes allowed, passing Luhn);
     null when there is none. */
  function withoutCardNumber(text) {
    var found = false;
    var rest = text.replace(/\d(?:[ -]?\d){12,}/g, function (run) {
      var digits = run.replace(/\D/g, "");
      if (digits.length <= 19 && luhn(digits)) { found = true; return ""; }
      return run;
    });
    return found ? rest.replace(/\s{2,}/g, " ").trim() : null;
  }

  /* The stored value a field may keep, and the message to show next to it. */
  function judge(kind, value) {
    var spec = KINDS[kind] || KINDS.text;
    if (kind === "card-tail" && value.replace(/\D/g, "").length > 4) { return { value: "", message: CARD_MESSAGE }; }
    if (spec.free) {
      var rest = withoutCardNumber(value);
      if (rest !== null) { return { value: rest, message: CARD_MESSAGE }; }
    }
    var bad = value && spec.format && !spec.format.test(value.trim());
    return { value: value, message: bad ? spec.hint : "" };
  }

  function readStore(key) {
    try { return JSON.parse(window.localStorage.getItem(key) || "{}") || {}; } catch (e) { return {}; }
  }

  function writeStore(key, data) {
    try { window.localStorage.setItem(key, JSON.stringify(data)); } catch (e) { /* storage off: nothing kept */ }
  }

  /* One labelled input for a fact, inserted in `group`; its blanks (cells) show what is typed. */
  function makeField(cell, group, onChange) {
    var kind = cell.getAttribute("data-kb-blank");
    var name = cell.getAttribute("data-kb-field");
    var spec = KINDS[kind] || KINDS.text;
    var id = "kb-fill-" + name;
    var box = document.createElement("div");
    box.className = "kb-field";
    var label = document.createElement("label");
    label.htmlFor = id;
    label.textContent = cell.getAttribute("data-kb-label");
    var error = document.createElement("p");
    error.className = "kb-field__error";
    error.id = id + "-error";
    error.hidden = true;
    var input = document.createElement(spec.multiline ? "textarea" : "input");
    input.id = id;
    input.name = name;
    if (spec.multiline) { input.rows = 3; } else { input.type = spec.type || "text"; }
    input.autocomplete = "off";
    input.spellcheck = false;
    if (spec.mode) { input.setAttribute("inputmode", spec.mode); }
    if (spec.max) { input.maxLength = spec.max; }
    input.addEventListener("input", function (event) { onChange(field, event); });
    input.addEventListener("blur", function () { field.refused = false; });
    box.appendChild(label);
    box.appendChild(error);
    box.appendChild(input);
    group.appendChild(box);
    var field = { kind: kind, name: name, cells: [cell], input: input, error: error, refused: false };
    return field;
  }

  function showMessage(field, message) {
    field.error.textContent = message;
    field.error.hidden = !message;
    if (message) {
      field.input.setAttribute("aria-invalid", "true");
      field.input.setAttribute("aria-describedby", field.error.id);
    } else {
      field.input.removeAttribute("aria-invalid");
      field.input.removeAttribute("aria-describedby");
    }
  }

  function isoDate(time) {
    return new Date(time).toISOString().slice(0, 10);
  }

  /* "2026-12-01" + 15 -> the date 15 calendar days later, counting from the next day. */
  function addDays(iso, days) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!parts) { return null; }
    return Date.UTC(+parts[1], +parts[2] - 1, +parts[3]) + days * DAY;
  }

  function chineseDate(time) {
    var d = new Date(time);
    return d.getUTCFullYear() + "年" + (d.getUTCMonth() + 1) + "月" + d.getUTCDate() + "日（星期" +
      "日一二三四五六".charAt(d.getUTCDay()) + "）";
  }

  /* The deadline section: which institution, and each rule's last day from the dates entered. */
  function deadlines(section, data, save) {
    var rules = JSON.parse(section.querySelector(".kb-deadlines__rules").textContent);
    var list = section.querySelector(".kb-deadlines__list");
    var bank = section.querySelector(".kb-deadlines__bank");
    var payment = section.querySelector(".kb-deadlines__payment");
    var radios = section.querySelectorAll("input[name='kb-institution']");
    function draw() {
      var who = data.institution || "";
      Array.prototype.forEach.call(radios, function (radio) { radio.checked = radio.value === who; });
      bank.hidden = who !== "bank";
      payment.hidden = who !== "payment";
      list.textContent = "";
      if (who !== "bank") { return; }
      rules.forEach(function (rule) {
        var item = document.createElement("li");
        var end = addDays(data.values[rule.from], rule.days);
        item.appendChild(document.createTextNode(rule.label + "："));
        if (end === null) {
          item.appendChild(document.createTextNode("填写“" + rule.from + "”后显示"));
        } else {
          var time = document.createElement("time");
          time.dateTime = isoDate(end);
          time.textContent = chineseDate(end);
          item.appendChild(time);
        }
        item.appendChild(document.createTextNode("（" + rule.source + rule.pinpoint + "）"));
        list.appendChild(item);
      });
    }
    Array.prototype.forEach.call(radios, function (radio) {
      radio.addEventListener("change", function () { data.institution = radio.value; save(); draw(); });
    });
    section.hidden = false;
    return draw;
  }

  /* Copies a text: through the clipboard where the page may use it, else (file://, older browsers)
     by showing it selected in a box for the reader to copy. */
  function copier(root) {
    var area = root.querySelector(".kb-fill__copy");
    var status = root.querySelector(".kb-fill__status");
    function select(text) {
      area.value = text;
      area.hidden = false;
      area.focus();
      area.select();
      var copied = false;
      try { copied = document.execCommand("copy"); } catch (e) { copied = false; }
      status.textContent = copied ? "已复制。" : "已选中下面框里的全部文字，请长按或按 Ctrl+C 复制。";
    }
    return function (text) {
      if (location.protocol === "file:" || !navigator.clipboard || !window.isSecureContext) { select(text); return; }
      navigator.clipboard.writeText(text).then(function () {
        area.hidden = true;
        status.textContent = "已复制，可以粘贴到短信、聊天窗口或 App 的投诉表里。";
      }, function () { select(text); });
    };
  }

  /* A blank's text for copying: what was typed, or a line. */
  function plain(element) {
    var clone = element.cloneNode(true);
    Array.prototype.forEach.call(clone.querySelectorAll("[data-kb-blank]"), function (blank) {
      if (!blank.textContent) { blank.textContent = EMPTY; }
    });
    return clone.textContent.replace(/[ \t]+\n/g, "\n").trim() || EMPTY;
  }

  /* The whole letter as plain text, one line per heading, paragraph line and list item. */
  function letterText(letter) {
    var title = document.querySelector(".kb-letter__title");
    var lines = title ? [title.textContent.trim()] : [];
    Array.prototype.forEach.call(letter.querySelectorAll("h1, h2, p, li"), function (element) {
      if (element.hidden) { return; }
      lines.push((element.tagName === "LI" ? "· " : "") + plain(element));
    });
    return lines.join("\n");
  }

  /* The letter shows only the evidence ticked on the checklist, when any is ticked. */
  function showTicked(letter, ticks) {
    var items = letter.querySelectorAll("[data-kb-tick]");
    var any = Array.prototype.some.call(items, function (item) { return ticks[item.getAttribute("data-kb-tick")]; });
    Array.prototype.forEach.call(items, function (item) { item.hidden = any && !ticks[item.getAttribute("data-kb-tick")]; });
  }

  /* One field per fact: a table's blanks get their inputs just before the table, the others
     (a letter's) in the page's [data-kb-form] box. */
  function makeFields(page, data, onChange) {
    var byName = {};
    var fields = [];
    var form = page.querySelector("[data-kb-form]");
    var groups = [];
    Array.prototype.forEach.call(page.querySelectorAll("[data-kb-blank]"), function (cell) {
      var name = cell.getAttribute("data-kb-field");
      if (byName[name]) { byName[name].cells.push(cell); return; }
      var table = cell.closest("table");
      var group = form;
      if (table) {
        group = groups.filter(function (g) { return g.table === table; })[0];
        if (!group) {
          group = document.createElement("div");
          group.className = "kb-fill__fields";
          group.table = table;
          table.parentNode.insertBefore(group, table);
          groups.push(group);
        }
      }
      var field = makeField(cell, group, onChange);
      field.input.value = data.values[name] || "";
      byName[name] = field;
      fields.push(field);
    });
    return fields;
  }

  function show(field) {
    field.cells.forEach(function (cell) { cell.textContent = field.input.value; });
  }

  function start(root) {
    var key = "kb-fill:" + root.getAttribute("data-kb-facts");
    var page = document.querySelector(".md-content") || document.body;
    var data = readStore(key);
    data.values = data.values || {};
    data.ticks = data.ticks || {};
    if (data.institution === undefined) { data.institution = root.getAttribute("data-kb-institution") || ""; }
    var redraw = function () {};
    var letter = page.querySelector("[data-kb-letter]");
    var copy = copier(root);
    function save() { writeStore(key, data); }
    function onChange(field, event) {
      // Right after a refusal, the rest of the number being typed is dropped too.
      if (field.refused && event.inputType === "insertText" && /^[\d\s-]+$/.test(event.data || "")) {
        field.input.value = data.values[field.name] || "";
        return;
      }
      var verdict = judge(field.kind, field.input.value);
      field.refused = verdict.message === CARD_MESSAGE;
      if (verdict.value !== field.input.value) { field.input.value = verdict.value; }
      showMessage(field, verdict.message);
      data.values[field.name] = verdict.value;
      if (!verdict.value) { delete data.values[field.name]; }
      show(field);
      save();
      redraw();
    }
    var fields = makeFields(page, data, onChange);
    fields.forEach(show);
    var ticks = page.querySelectorAll(".kb-ticks input[type='checkbox'][name]");
    Array.prototype.forEach.call(ticks, function (box) {
      box.checked = !!data.ticks[box.name];
      box.addEventListener("change", function () { data.ticks[box.name] = box.checked; save(); });
    });
    var section = page.querySelector(".kb-deadlines");
    if (section) { redraw = deadlines(section, data, save); redraw(); }
    if (letter) {
      showTicked(letter, data.ticks);
      var actions = page.querySelector(".kb-letter__actions");
      actions.querySelector(".kb-letter__copy").addEventListener("click", function () { copy(letterText(letter)); });
      actions.hidden = false;
    }
    root.querySelector(".kb-fill__summary").addEventListener("click", function () {
      copy(fields.filter(function (field) { return field.input.value; })
        .map(function (field) { return field.cells[0].getAttribute("data-kb-label") + "：" + field.input.value; })
        .join("\n"));
    });
    root.querySelector(".kb-fill__clear").addEventListener("click", function () {
      try { window.localStorage.removeItem(key); } catch (e) { /* nothing was kept */ }
      data.values = {};
      data.ticks = {};
      data.institution = root.getAttribute("data-kb-institution") || "";
      fields.forEach(function (field) { field.input.value = ""; show(field); showMessage(field, ""); });
      Array.prototype.forEach.call(ticks, function (box) { box.checked = false; });
      if (letter) { showTicked(letter, data.ticks); }
      redraw();
    });
    document.documentElement.classList.add("kb-fill-on");
    root.hidden = false;
  }

  var root = document.querySelector(".kb-fill[data-kb-facts]");
  if (root) { start(root); }
}());
