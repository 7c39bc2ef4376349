/*
 * Local stand-in for the "iframe-worker" polyfill, written for this guide.
 *
 * Browsers refuse to start a Web Worker from a page opened with file://, so
 * mkdocs-material's search worker cannot run when a reader opens site/ from
 * disk. This script replaces window.Worker on file:// pages only: the worker
 * script runs inside a hidden same-origin iframe, and messages are passed
 * between the page and the iframe as MessageEvents. Material's worker looks
 * for `IFrameWorker` on its parent to find its language files, and awaits
 * `importScripts`, which here loads scripts with <script> tags in order.
 *
 * Because the file name contains "iframe-worker", the offline plugin does not
 * add its third-party copy (unpkg.com), so the site makes no outside request.
 */
(function () {
  "use strict";
  if (location.protocol !== "file:" || typeof EventTarget === "undefined") {
    return;
  }

  function loadScript(doc, url) {
    return new Promise(function (resolve, reject) {
      var script = doc.createElement("script");
      script.src = url;
      script.onload = function () { resolve(); };
      script.onerror = function () { reject(new Error("Could not load " + url)); };
      doc.body.appendChild(script);
    });
  }

  class IFrameWorker extends EventTarget {
    constructor(url) {
      super();
      var self = this;
      var absolute = new URL(url, document.baseURI).href;
      this.onmessage = null;
      this.onerror = null;
      this.queue = [];
      this.ready = false;
      this.iframe = document.createElement("iframe");
      this.iframe.hidden = true;
      this.iframe.setAttribute("aria-hidden", "true");
      this.iframe.setAttribute("tabindex", "-1");
      this.iframe.title = "search worker";
      document.body.appendChild(this.iframe);

      var w = this.iframe.contentWindow;
      var doc = w.document;
      doc.open();
      doc.write("<!DOCTYPE html><html><head></head><body></body></html>");
      doc.close();

      /* The worker's global postMessage() delivers to this object's listeners. */
      w.postMessage = function (data) {
        setTimeout(function () { self.emit(new MessageEvent("message", { data: data })); }, 0);
      };
      /* importScripts() returns a promise; Material's worker awaits it. */
      w.importScripts = function () {
        var urls = Array.prototype.slice.call(arguments);
        return urls.reduce(function (chain, u) {
          return chain.then(function () { return loadScript(doc, new URL(u, absolute).href); });
        }, Promise.resolve());
      };
      this.window = w;

      loadScript(doc, absolute).then(function () {
        self.ready = true;
        var pending = self.queue;
        self.queue = [];
        pending.forEach(function (data) { self.deliver(data); });
      }, function (error) {
        self.emit(new ErrorEvent("error", { message: error.message, error: error }));
      });
    }

    emit(event) {
      var handler = event.type === "message" ? this.onmessage : this.onerror;
      if (typeof handler === "function") {
        handler.call(this, event);
      }
      this.dispatchEvent(event);
    }

    deliver(data) {
      var w = this.window;
      setTimeout(function () { w.dispatchEvent(new w.MessageEvent("message", { data: data })); }, 0);
    }

    postMessage(data) {
      if (this.ready) {
        this.deliver(data);
      } else {
        this.queue.push(data);
      }
    }

    terminate() {
      if (this.iframe.parentNode) {
        this.iframe.parentNode.removeChild(this.iframe);
      }
      this.queue = [];
    }
  }

  window.IFrameWorker = IFrameWorker;
  window.Worker = IFrameWorker;
})();
