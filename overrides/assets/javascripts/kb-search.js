/*
 * The guide's search: its own modal dialog (overrides/partials/search.html),
 * opened from the header's search button, over the Pagefind index that
 * `kb build` writes into pagefind/ after the site is built. It uses none of
 * the theme's search markup or script, so it is the same on every engine.
 *
 * - Nothing is fetched until the reader opens the search: then Pagefind's
 *   script, its WebAssembly and only the index chunks a query needs.
 * - A query runs on every `input` event (typing, pasting, an input method's
 *   commit), never during an input method's composition.
 * - Queries are analysed by kb-query.mjs (imported when the search opens), not
 *   by Pagefind, whose Intl.Segmenter splits Chinese unlike the index did. Its
 *   pieces are looked up here (a budget per query); a failed lookup (a chunk
 *   that did not load) finds nothing, and the other pieces still rank.
 * - Pasted text shaped like a bank's SMS or a scam message puts the page that
 *   answers that shape first (kb-search.json's `shapes`), with its one-line `note`.
 * - Result titles and excerpts are built as text nodes; only Pagefind's
 *   <mark> highlights are kept, so no indexed text can become markup.
 * - Keyboard: "/" or "s" opens it when no field has the focus (the dialog
 *   lists the keys), arrows move through the results, Enter opens the first
 *   (or the focused) one, Escape closes it and gives focus back to where it
 *   was. The dialog is native, so focus stays inside it. Each result link is
 *   named by its page's title.
 * - Only the newest search changes the list: an older one that finishes or
 *   fails later is dropped.
 * - A page opened with ?q=... (the 404 page's search, or the form without
 *   script) opens the search with that query.
 * - Opened from file://, the browser cannot run Pagefind: the box says so and
 *   names the command that serves the site.
 */
(function () {
  "use strict";

  var dialog = document.getElementById("kb-search");
  var opener = document.querySelector("button.kb-search-open");
  if (!dialog || !opener || typeof dialog.showModal !== "function") {
    return;  /* no dialog support: the button stays hidden */
  }
  var input = dialog.querySelector(".kb-search__input");
  var form = dialog.querySelector(".kb-search__bar");
  var meta = dialog.querySelector(".kb-search__status");
  var list = dialog.querySelector(".kb-search__results");
  var closer = dialog.querySelector("[data-kb-search-close]");
  var note = dialog.querySelector(".kb-search__note");
  var script = document.currentScript || document.querySelector("script[src*='kb-search.js']");
  var siteRoot = new URL("../../", script.src);

  var SHOWN = 10;
  /* Each lookup of a query piece may fetch one chunk of the index (about 25 KB): at most this many
     per query. `kb build` writes the number that keeps one search within its byte budget for this
     index into pagefind/kb-search.json (generator/output/search.py); 8 until that is read. */
  var lookups = 8;
  /* How much each kind of page (its `kind` metadata) is favoured, from the same file; none until read. */
  var kindWeights = {};
  var shapes = {};
  var SETTINGS = "kb-search.json";
  var FILE_MESSAGE = "从本地文件打开时无法搜索。请在站点文件夹中运行 python3 -m http.server，" +
    "然后在浏览器中打开 http://localhost:8000/ 再搜索。";
  var FAILED = "搜索暂时无法使用，请刷新页面后再试。";

  var engine = null;
  var logic = null;        /* kb-query.mjs, once loaded */
  var composing = false;
  var returnFocus = null;  /* what had focus before the dialog opened */
  var enterFor = null;     /* a query whose first result Enter asked for before it came */
  var timer = 0;
  var generation = 0;      /* which search is the newest: older ones never change the list */
  var shown = 0;           /* how many result lists have been shown (ids of result titles) */

  function say(text) {
    meta.textContent = text;
  }

  function count(n) {
    if (n === 0) {
      return dialog.getAttribute("data-none");
    }
    return n === 1 ? dialog.getAttribute("data-one") : dialog.getAttribute("data-other").replace("#", String(n));
  }

  /* Pagefind reads <html lang> once, synchronously, when an instance is made; made without a
     language it leaves query analysis to us (see the header). */
  function load() {
    if (!engine) {
      var modules = [import(new URL("pagefind/pagefind.js", siteRoot).href), import(new URL("kb-query.mjs", script.src).href)];
      engine = Promise.all(modules).then(function (mods) {
        logic = mods[1];
        var html = document.documentElement;
        var lang = html.getAttribute("lang");
        html.setAttribute("lang", "zxx");
        var instance;
        try {
          /* noWorker: a query here is a handful of small lookups; the worker script would cost a
             further 40 KB of download for no gain. */
          instance = mods[0].createInstance({ basePath: new URL("pagefind/", siteRoot).pathname,
                                              baseUrl: siteRoot.pathname, excerptLength: 28, noWorker: true });
        } finally {
          html.setAttribute("lang", lang);
        }
        /* Optional: without it (or with a broken one) the search works, only ranked less well. */
        var settings = fetch(new URL("pagefind/" + SETTINGS, siteRoot)).then(function (response) {
          return response.ok ? response.json() : {};
        }).catch(function () {
          return {};
        }).then(function (found) {
          lookups = (found && found.lookups) || lookups;
          kindWeights = (found && found.kinds) || kindWeights;
          shapes = (found && found.shapes) || shapes;
        });
        return Promise.all([instance.init(), settings]).then(function () { return instance; });
      }).catch(function (error) {
        engine = null;  /* try again the next time the search is used */
        throw error;
      });
    }
    return engine;
  }

  /* One lookup: a failed one (an index chunk that did not load) finds nothing; the others rank. */
  function lookup(pagefind, term, weight, scores) {
    return pagefind.search(term).then(function (found) {
      return logic.add(scores, found.results, weight);
    }, function (error) {
      console.warn("search: lookup failed:", term, error);
      return 0;
    });
  }

  /* The pages that share pieces of the question, best first ({result, rank} entries). Pasted text of
     a known shape has its answer from the table of shapes, so it makes one lookup fewer. */
  function rank(pagefind, p) {
    var scores = new Map();
    var budget = p.shape ? Math.max(lookups - 1, 1) : lookups;
    var terms = logic.chosen(p, budget);
    return Promise.all(terms.map(function (term) { return lookup(pagefind, term, 1, scores); })).then(function (hits) {
      var single = logic.singles(p, terms, hits, budget);
      return Promise.all(single.map(function (ch) { return lookup(pagefind, ch, 0.4, scores); }));
    }).then(function () {
      return logic.ranked(scores, terms.length);
    });
  }

  /* The page that answers a shape of pasted text, from kb-search.json's table of shapes (written by
     kb build), or none: no lookup at all, and without the table the question is still answered. */
  function answerFor(shape) {
    var answer = shape && shapes[shape];
    if (!answer || typeof answer.url !== "string" || /^[a-z]+:|^\/\//i.test(answer.url)) {
      return Promise.resolve(null);  /* a site-relative address only */
    }
    return Promise.resolve({ url: siteRoot.pathname + answer.url, excerpt: "",
                             meta: { title: answer.title, kind: answer.kind, note: answer.note } });
  }

  /* The results to show: the page for the pasted text's shape first, then the best matches
     reordered by their kind of page. */
  function results(pagefind, query) {
    var p = logic.analyse(query);
    return Promise.all([rank(pagefind, p), answerFor(p.shape)]).then(function (found) {
      var best = found[0].slice(0, SHOWN);
      return Promise.all(best.map(function (e) { return e.result.data(); })).then(function (datas) {
        var order = logic.byKind(best.map(function (e, i) {
          return { rank: e.rank, kind: (datas[i].meta && datas[i].meta.kind) || "" };
        }), kindWeights, p.asksMeaning);
        var first = found[1];
        var shown = logic.first(first, order.map(function (i) { return datas[i]; }), SHOWN);
        return { shown: shown, count: Math.max(found[0].length, shown.length),
                 note: (first && first.meta && first.meta.note) || "" };
      });
    });
  }

  /* Pagefind's excerpt as text, keeping only its <mark> highlights. */
  function excerpt(html) {
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    var p = document.createElement("span");
    var before = "";
    doc.body.firstChild.childNodes.forEach(function (node) {
      var text = logic.tidy(node.textContent, before);
      before = node.textContent;
      var marked = node.nodeType === Node.ELEMENT_NODE && node.tagName === "MARK";
      var out = marked ? document.createElement("mark") : document.createTextNode("");
      out.textContent = text;
      p.appendChild(out);
    });
    return p;
  }

  function line(tag, className, text, id) {
    var node = document.createElement(tag);
    node.className = className;
    node.textContent = text;
    node.id = id;
    return node;
  }

  /* One result: a link whose accessible name is the page's title (its kind and excerpt describe it). */
  function item(data, index) {
    var li = document.createElement("li");
    li.className = "kb-search__item";
    var a = document.createElement("a");
    a.className = "kb-search__link";
    a.href = data.url;
    var id = "kb-search-r" + shown + "-" + index;
    var kind = line("span", "kb-search__kind", (data.meta && data.meta.kind) || "", id + "-kind");
    var title = line("span", "kb-search__title", (data.meta && data.meta.title) || data.url, id + "-title");
    var text = excerpt(data.excerpt || "");
    text.className = "kb-search__excerpt";
    text.id = id + "-text";
    a.setAttribute("aria-labelledby", title.id);
    a.setAttribute("aria-describedby", kind.id + " " + text.id);
    a.append(kind, title, text);
    li.appendChild(a);
    return li;
  }

  function show(query, mine) {
    if (location.protocol === "file:") {
      say(FILE_MESSAGE);
      return;
    }
    if (!query.trim()) {
      list.replaceChildren();
      list.setAttribute("data-query", "");
      note.hidden = true;
      say(dialog.getAttribute("data-placeholder"));
      return;
    }
    load().then(function (pagefind) {
      return results(pagefind, query);
    }).then(function (found) {
      if (mine !== generation) {
        return;  /* a newer search has started: its results (or its message) win */
      }
      shown += 1;
      list.replaceChildren.apply(list, found.shown.map(item));
      list.setAttribute("data-query", query);  /* which query the list shows (read by the tests) */
      note.textContent = found.note;
      note.hidden = !found.note;
      say(count(found.count));
      if (enterFor === query) {
        enterFor = null;
        openFirst();
      }
    }).catch(function (error) {
      if (mine !== generation) {
        console.warn("search: an older search failed:", error);
        return;
      }
      say(FAILED);
      console.error("search:", error);
    });
  }

  function schedule() {
    clearTimeout(timer);
    generation += 1;
    var mine = generation;
    timer = setTimeout(function () { show(input.value, mine); }, 120);
  }

  function openFirst() {
    var first = list.querySelector("a");
    if (first) {
      first.click();
    }
  }

  function prepare() {
    if (location.protocol === "file:") {
      say(FILE_MESSAGE);
    } else {
      if (!input.value.trim()) {
        say(dialog.getAttribute("data-placeholder"));
      }
      load().catch(function () { say(FAILED); });
    }
  }

  function open() {
    if (!dialog.open) {
      returnFocus = document.activeElement;
      dialog.showModal();
      document.documentElement.classList.add("kb-search-shown");
      prepare();
    }
    input.focus();
  }

  /* The page behind is shown again as soon as the dialog closes: the dialog's "close" event comes
     a task later (after the click or key that closed it), so close() does this itself and the event
     only covers closes that do not go through close(). Runs once per opening. */
  function closed() {
    var html = document.documentElement;
    if (dialog.open || !html.classList.contains("kb-search-shown")) {
      return;
    }
    html.classList.remove("kb-search-shown");
    enterFor = null;  /* results still on their way must not open a page from a closed box */
    var back = returnFocus && document.contains(returnFocus) ? returnFocus : opener;
    returnFocus = null;
    if (back && typeof back.focus === "function") {
      back.focus();
    }
  }

  function close() {
    if (dialog.open) {
      dialog.close();
      closed();
    }
  }

  dialog.addEventListener("close", closed);
  /* Escape while an input method is composing cancels the composition, not the search. */
  dialog.addEventListener("cancel", function (event) {
    if (composing) {
      event.preventDefault();
    }
  });
  /* A click on the backdrop (outside the panel) closes the dialog. */
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) {
      close();
    }
  });

  opener.addEventListener("click", open);
  closer.addEventListener("click", close);
  input.addEventListener("compositionstart", function () { composing = true; });
  input.addEventListener("compositionend", function () { composing = false; schedule(); });
  input.addEventListener("input", function (event) {
    if (!composing && !event.isComposing) {
      schedule();
    }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (list.getAttribute("data-query") === input.value) {
      openFirst();
    } else {
      enterFor = input.value;  /* results are on their way: open the first when they come */
    }
  });
  list.addEventListener("click", function (event) {
    if (event.target.closest("a")) {
      returnFocus = null;  /* the reader is leaving for the result */
      close();
    }
  });

  function links() {
    return Array.from(list.querySelectorAll("a"));
  }

  dialog.addEventListener("keydown", function (event) {
    if (event.isComposing || composing) {
      return;
    }
    var all = links();
    var at = all.indexOf(document.activeElement);
    if (event.key === "Escape") {
      event.preventDefault();  /* one Escape closes the dialog (a search field would first clear itself) */
      close();
    } else if (event.key === "ArrowDown" && all.length) {
      event.preventDefault();
      all[Math.min(at + 1, all.length - 1)].focus();
    } else if (event.key === "ArrowUp" && all.length && at >= 0) {
      event.preventDefault();
      if (at === 0) {
        input.focus();
      } else {
        all[at - 1].focus();
      }
    }
  });

  /* "/" or "s" opens the search from anywhere but a form field, as in Material. */
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.ctrlKey || event.metaKey || event.altKey || event.isComposing || dialog.open ||
        (target && (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName)))) {
      return;
    }
    if (event.key === "/" || event.key === "s") {
      event.preventDefault();
      open();
    }
  });

  opener.hidden = false;

  /* ?q=... opens the search with that query (the 404 page's box, or this form without script). */
  var asked = new URLSearchParams(location.search).get("q");
  if (asked && asked.trim()) {
    input.value = asked.slice(0, 200);
    open();
    schedule();
  }
})();
