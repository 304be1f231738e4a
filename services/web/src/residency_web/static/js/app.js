// Progressive enhancement only: every page works without this file.
// 1. The session-expiry warning (shown 10 minutes before intake's session ends; the page
//    says when: data-session-warn-in, in seconds, follows every call that kept it alive).
// 2. The password rule, checked while typing.
// 3. The photo's preview before upload; the print button.
// 4. Form controls that matter only with a checkbox ticked (or not): hidden otherwise.
(function () {
  "use strict";
  var body = document.body;
  var summary = document.getElementById("error-summary");
  if (summary) { summary.focus(); }  // the design system's pattern: the problems first
  var warnIn = parseInt(body.getAttribute("data-session-warn-in") || "", 10);
  var warning = document.getElementById("session-warning");
  if (warning && !isNaN(warnIn)) {
    var show = function () { warning.hidden = false; };
    var lead = Math.max(0, warnIn) * 1000;
    if (lead === 0) { show(); } else { window.setTimeout(show, lead); }
  }

  var SYMBOLS = "$%&=@_#*+-?!";
  var checks = {
    length: function (v) { return v.length >= 10 && v.length <= 20; },
    upper: function (v) { return /[A-Z]/.test(v); },
    lower: function (v) { return /[a-z]/.test(v); },
    digit: function (v) { return /[0-9]/.test(v); },
    symbol: function (v) { return v.split("").some(function (c) { return SYMBOLS.indexOf(c) >= 0; }); },
    allowed: function (v) {
      return v.length > 0 && v.split("").every(function (c) {
        return /[A-Za-z0-9]/.test(c) || SYMBOLS.indexOf(c) >= 0;
      });
    }
  };
  document.querySelectorAll("[data-password-rule-for]").forEach(function (list) {
    var input = document.getElementById(list.getAttribute("data-password-rule-for"));
    if (!input) { return; }
    var update = function () {
      list.querySelectorAll("[data-rule]").forEach(function (item) {
        var check = checks[item.getAttribute("data-rule")];
        item.setAttribute("data-met", check && check(input.value) ? "true" : "false");
      });
    };
    input.addEventListener("input", update);
    update();
  });

  document.querySelectorAll("input[type=file][data-preview]").forEach(function (input) {
    var img = document.getElementById(input.getAttribute("data-preview"));
    if (!img || !window.URL) { return; }
    input.addEventListener("change", function () {
      var file = input.files && input.files[0];
      if (file && /^image\/jpeg$/.test(file.type)) {
        img.src = window.URL.createObjectURL(file);
        img.hidden = false;
      } else {
        img.hidden = true;
        img.removeAttribute("src");
      }
    });
  });

  document.querySelectorAll("[data-shown-when]").forEach(function (part) {
    var box = document.getElementById(part.getAttribute("data-shown-when"));
    if (!box) { return; }
    var wanted = part.getAttribute("data-shown-if") === "true";
    var update = function () { part.hidden = box.checked !== wanted; };
    box.addEventListener("change", update);
    update();
  });

  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { window.print(); });
  });
})();
