/* Selecting words in a text of the personal-data panel (privacy/panel.html) fills its
   "补充标记" form with the text, its positions (from 1, inclusive) and which text it is, and
   offers a button to mask the selection. Without this script the form is filled by hand;
   the server checks both. The staff site swaps pages with Turbo, so everything is looked up
   when it is needed and the listeners are set once, on the document. */
(function () {
  "use strict";

  if (window.gongkaiRedaction) {
    return;
  }
  window.gongkaiRedaction = true;

  function textBlock(node) {
    var element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return element ? element.closest(".pd-text") : null;
  }

  // characters from the start of the block to (node, offset): the block's text is the
  // original text, character for character
  function position(block, node, offset) {
    var range = document.createRange();
    range.selectNodeContents(block);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function floating() {
    return document.querySelector("#pd .pd-float");
  }

  function hide() {
    var button = floating();
    if (button) {
      button.hidden = true;
    }
  }

  function onSelection() {
    var panel = document.getElementById("pd");
    var form = document.getElementById("pd-mark-form");
    var selection = window.getSelection();
    if (!panel || !form || !selection || selection.rangeCount === 0 || selection.isCollapsed) {
      hide();
      return;
    }
    var range = selection.getRangeAt(0);
    var block = textBlock(range.commonAncestorContainer);
    if (!block || !panel.contains(block)) {
      hide();
      return;
    }
    var start = position(block, range.startContainer, range.startOffset);
    var end = position(block, range.endContainer, range.endOffset);
    var whole = block.textContent;
    while (start < end && /\s/.test(whole.charAt(start))) {
      start += 1;
    }
    while (end > start && /\s/.test(whole.charAt(end - 1))) {
      end -= 1;
    }
    if (end <= start) {
      hide();
      return;
    }
    var field = function (name) {
      return form.querySelector("[name='mark-" + name + "']");
    };
    field("key").value = block.dataset.key;
    field("text").value = whole.slice(start, end);
    field("start").value = start + 1;
    field("end").value = end;

    var button = floating();
    var box = range.getBoundingClientRect();
    var home = panel.getBoundingClientRect();
    button.style.top = box.bottom - home.top + 6 + "px";
    button.style.left = Math.max(0, Math.min(box.left - home.left, home.width - 160)) + "px";
    button.hidden = false;
  }

  document.addEventListener("mouseup", function (event) {
    if (event.target.closest && event.target.closest(".pd-float")) {
      return;
    }
    window.setTimeout(onSelection, 0);
  });
  document.addEventListener("keyup", function (event) {
    if (event.shiftKey || event.key === "Shift") {
      onSelection();
    }
  });
  // typing in the mark form by hand: the floating button no longer stands for a selection
  document.addEventListener("input", function (event) {
    if (event.target.closest && event.target.closest("#pd-mark-form")) {
      hide();
    }
  });
})();
