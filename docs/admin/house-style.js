/*
 * The web form's file format: reads an item file and writes it back in house style, by the same rules
 * as banma/records/house_style.py (a test runs both on the real data and on generated records):
 * the $schema line, fields in the model's order, empty values left out, block lists, and each text in
 * the plainest YAML that reads back as the same text. A text of several lines ends with one line break (the
 * rich-text editor returns none: written `|-`, every form edit would change the block's first line).
 *
 * Reading keeps every value as text, as the site's own reader does (31.2300 stays "31.2300"), except
 * `true`/`false`, which Decap's switches need as booleans. Works in the browser (window.BanmaHouseStyle)
 * and in Node (module.exports) for the tests.
 */
(function (root) {
  "use strict";

  var YAML11_NOT_TEXT = new RegExp("^(?:" + [
    "~|null|Null|NULL",
    "y|Y|yes|Yes|YES|n|N|no|No|NO|true|True|TRUE|false|False|FALSE|on|On|ON|off|Off|OFF",
    "[-+]?(?:0b[0-1_]+|0x[0-9a-fA-F_]+|0o?[0-7_]+|(?:0|[1-9][0-9_]*)|[1-9][0-9_]*(?::[0-5]?[0-9])+)",
    "[-+]?(?:[0-9][0-9_]*)?\\.[0-9_]*(?:[eE][-+]?[0-9]+)?|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*",
    "[-+]?\\.(?:inf|Inf|INF)|\\.(?:nan|NaN|NAN)|[-+]?[0-9][0-9_]*[eE][-+]?[0-9]+",
    "[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt ][\\s\\S]*)?",
    "=|<<"
  ].join("|") + ")$");
  var PLAIN_VALUE = /^(?:-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?|true|false)$/;
  var INDICATORS = "-?:,[]{}#&*!|>'\"%@`";

  // Nothing written: no value, empty text, an empty list or group, or a switch left at false.
  // `order` describes the map that holds `value` under `name`; without a name, it describes `value` itself.
  function isEmpty(value, order, name) {
    if (value === null || value === undefined || value === "") return true;
    if (name && (value === false || value === "false") && order && (order.switches || []).indexOf(name) >= 0) {
      return true;
    }
    if (typeof value !== "object") return false;
    var inner = name ? (order && order.nested ? order.nested[name] : undefined) : order;
    if (Array.isArray(value)) return value.every(function (item) { return isEmpty(item, inner); });
    return Object.keys(value).every(function (key) { return isEmpty(value[key], inner, key); });
  }

  // A text as house style keeps it: one of several lines ends with exactly one line break.
  function settled(text) {
    var body = text.replace(/\n+$/, "");
    return text.indexOf("\n") >= 0 && body.replace(/^\n+/, "") ? body + "\n" : text;
  }

  function textScalar(text) {
    if (PLAIN_VALUE.test(text)) return text;
    var plain = text !== "" && text === text.trim() && INDICATORS.indexOf(text[0]) < 0 &&
      text.indexOf(": ") < 0 && text.indexOf(" #") < 0 && text[text.length - 1] !== ":" &&
      !YAML11_NOT_TEXT.test(text);
    return plain ? text : "'" + text.replace(/'/g, "''") + "'";
  }

  function block(text, indent) {
    var body = text.replace(/\n+$/, "");
    var trailing = text.length - body.length;
    var chomp = trailing === 0 ? "-" : trailing === 1 && body ? "" : "+";  // only line breaks: keep them all
    // YAML guesses a block's indentation from its first non-empty line: say it when that line starts with a space.
    var width = body.replace(/^\n+/, "")[0] === " " ? "2" : "";
    var lines = body.split("\n");
    for (var i = 1; i < trailing; i++) lines.push("");
    return ["|" + width + chomp].concat(lines.map(function (line) { return line ? indent + line : ""; }));
  }

  function ordered(value, order) {
    var names = (order && order.fields) || [];
    var keys = names.filter(function (name) { return Object.prototype.hasOwnProperty.call(value, name); });
    Object.keys(value).forEach(function (name) { if (names.indexOf(name) < 0) keys.push(name); });
    return keys;
  }

  function emitValue(value, order, indent) {
    if (typeof value === "boolean") return [value ? "true" : "false"];
    if (typeof value === "number") return [String(value)];
    if (typeof value === "string") {
      return value.indexOf("\n") >= 0 ? block(settled(value), indent + "  ") : [textScalar(value)];
    }
    if (Array.isArray(value)) return [""].concat(emitList(value, order, indent));
    return [""].concat(emitMap(value, order, indent + "  "));
  }

  function emitList(items, order, indent) {
    var lines = [];
    items.forEach(function (item) {
      if (isEmpty(item, order)) return;
      var inner;
      if (item !== null && typeof item === "object" && !Array.isArray(item)) {
        inner = emitMap(item, order, indent + "  ");
        lines.push(indent + "- " + inner[0].slice(indent.length + 2));
      } else {
        inner = emitValue(item, order, indent);
        lines.push(indent + "- " + inner[0]);
      }
      lines.push.apply(lines, inner.slice(1));
    });
    return lines;
  }

  function emitMap(value, order, indent) {
    var lines = [];
    ordered(value, order).forEach(function (name) {
      var item = value[name];
      if (isEmpty(item, order, name)) return;
      var innerOrder = order && order.nested ? order.nested[name] : undefined;
      if (Array.isArray(item)) {
        lines.push(indent + name + ":");
        lines.push.apply(lines, emitList(item, innerOrder, indent));
        return;
      }
      var inner = emitValue(item, innerOrder, indent);
      lines.push(indent + name + ":" + (inner[0] ? " " + inner[0] : ""));
      lines.push.apply(lines, inner.slice(1));
    });
    return lines;
  }

  function schemaLine(kind) {
    return "# yaml-language-server: $schema=../schemas/" + kind + ".schema.json";
  }

  function dumpItem(kind, data, order) {
    return [schemaLine(kind)].concat(emitMap(data, order, "")).join("\n") + "\n";
  }

  // Text stays text; only `true` and `false` become booleans, and the null words nothing.
  function readSchema(jsyaml) {
    var bool = new jsyaml.Type("tag:yaml.org,2002:bool", {
      kind: "scalar",
      resolve: function (data) { return data === "true" || data === "false"; },
      construct: function (data) { return data === "true"; },
      predicate: function (value) { return typeof value === "boolean"; },
      represent: function (value) { return value ? "true" : "false"; }
    });
    return jsyaml.FAILSAFE_SCHEMA.extend({ implicit: [jsyaml.types.null, bool] });
  }

  function readItem(jsyaml, text) {
    return jsyaml.load(text, { schema: readSchema(jsyaml) }) || {};
  }

  // The web form: one file format per kind (the kind names the $schema line and the field order).
  // `id` is the form's field for a new file's name; it is the file name, never a field in the file.
  function registerFormats(CMS, jsyaml, orders) {
    Object.keys(orders).forEach(function (kind) {
      CMS.registerCustomFormat("house-style-" + kind, "yaml", {
        fromFile: function (text) { return readItem(jsyaml, text); },
        toFile: function (data) {
          var copy = {};
          Object.keys(data).forEach(function (key) { if (key !== "id") copy[key] = data[key]; });
          return dumpItem(kind, copy, orders[kind]);
        }
      });
    });
  }

  var api = { settled: settled, textScalar: textScalar, dumpItem: dumpItem, readItem: readItem, registerFormats: registerFormats };
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.BanmaHouseStyle = api;
})(this);
