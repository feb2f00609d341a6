import { describe, expect, it } from "vitest";
import { readXml, XmlError } from "../../../../src/recon/core/parse/xml-reader";

/* The strict XML reader's refusals, each with its message and position, and the well-formed edges it accepts
 * (mutation-driven). */

function fault(xml: string): [string, number, number] {
  try {
    readXml(xml);
  } catch (err) {
    if (!(err instanceof XmlError)) throw err;
    return [err.message, err.line, err.column];
  }
  throw new Error(`accepted: ${xml}`);
}

describe("readXml refusals", () => {
  it.each([
    ["<a>&#0;</a>", "invalid character reference &#0;", 1, 4],
    ["<a>&#x110000;</a>", "invalid character reference &#x110000;", 1, 4],
    ["<a>x &bogus; y</a>", "unescaped '&' or unknown entity", 1, 4],
    ["<a>&amp;&</a>", "unescaped '&' or unknown entity", 1, 4],
    ["<?xml version='1.0'", "unterminated processing instruction", 1, 1],
    ["<a><![CDATA[x</a>", "unterminated CDATA section", 1, 4],
    ["<![CDATA[x]]><a/>", "CDATA outside the root element", 1, 1],
    ["<a></ b>", "malformed closing tag", 1, 4],
    ["<a></a x>", "malformed closing tag </a", 1, 4],
    ["</a>", "closing tag </a> without an opening tag", 1, 1],
    ["<a>< b/></a>", "malformed tag", 1, 4],
    ["<a", "unterminated tag <a", 1, 1],
    ['<a b="1"c="2"/>', "expected whitespace before an attribute in <a", 1, 9],
    ["<a 1b='x'/>", "malformed attribute in <a", 1, 4],
    ["<a b/>", "attribute b in <a> has no value", 1, 5],
    ["<a b=\n'1/>", "unterminated attribute b in <a>", 2, 1],
    ["<a b='<'/>", "'<' inside attribute b", 1, 6],
    ["<a b=x/>", "attribute b in <a> is not quoted", 1, 6],
    ["<a>\n<b>\n</b>\n", "<a> is never closed", 4, 1],
  ])("%j → %s at %d:%d", (xml, message, line, column) => {
    expect(fault(xml)).toEqual([message, line, column]);
  });
});

describe("readXml accepts", () => {
  it("character references at the ends of the range and the five entities", () => {
    expect(readXml("<a>&#1;&#x10FFFF;&lt;&gt;&quot;&apos;&amp;</a>")).toEqual({ a: "\u0001\u{10ffff}<>\"'&" });
    expect(readXml("<a>&#65;&#x41;</a>")).toEqual({ a: "AA" });
  });

  it("whitespace inside tags, around '=' and before '>' of a closing tag", () => {
    expect(readXml("<a\n\tb = 'x'\r\n  c=\"y\"  ></a  >")).toEqual({ a: { "@b": "x", "@c": "y" } });
    expect(readXml("<a><b/>tail</a>")).toEqual({ a: { b: "", "#text": "tail" } });
  });

  it("a prefixed root, xmlns attributes left out, CDATA and comments inside", () => {
    expect(readXml("<p:a xmlns:p='urn:x' p:k='v'><!-- c --><![CDATA[<&>]]></p:a>")).toEqual({ a: { "@k": "v", "#text": "<&>" } });
    expect(readXml("<?pi x?><a>1</a>\n<!-- after -->\n")).toEqual({ a: "1" });
    expect(readXml("<a>x</a>   ")).toEqual({ a: "x" });
  });

  it("a root element that is the first thing in the file", () => {
    expect(readXml("<a/>")).toEqual({ a: "" });
    expect(readXml("<a>1</a>")).toEqual({ a: "1" });
  });
});
