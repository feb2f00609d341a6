import { describe, expect, it } from "vitest";
import { readXml, XmlError } from "../../../src/recon/core/parse/xml-reader";

describe("the strict XML reader", () => {
  it("gives elements by local name, repeated ones as arrays, attributes with @ and decoded text", () => {
    const doc = readXml(
      `<?xml version="1.0"?>\n<!-- c --><a:Doc xmlns:a="urn:x"><a:Nm>ATLAS &amp; CO &#x4B;G</a:Nm><a:Amt Ccy="EUR">1.00</a:Amt><a:U>x</a:U><a:U><![CDATA[<y>]]></a:U><a:E/></a:Doc>`,
    );
    expect(doc).toEqual({ Doc: { Nm: "ATLAS & CO KG", Amt: { "@Ccy": "EUR", "#text": "1.00" }, U: ["x", "<y>"], E: "" } });
  });

  it.each([
    ["<a><b></a>", /does not match <b>/],
    ["<a><b></b>", /<a> is never closed/],
    ["<a></a><b></b>", /more than one root/],
    ["x<a></a>", /text outside/],
    ["<a>AT&T</a>", /unescaped '&'/],
    ["<a b=c></a>", /not quoted/],
    ['<a b="1" b="2"></a>', /duplicate attribute/],
    ["<!DOCTYPE a><a/>", /DOCTYPE/],
    ["<a><!-- never closed </a>", /unterminated comment/],
    ["", /no root element/],
  ])("refuses %j", (xml, message) => {
    expect(() => readXml(xml)).toThrow(XmlError);
    expect(() => readXml(xml)).toThrow(message);
  });

  it("points at the line and column of the fault", () => {
    try {
      readXml("<a>\n  <b>\n  </c>\n</a>");
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(XmlError);
      expect([(err as XmlError).line, (err as XmlError).column]).toEqual([3, 3]);
    }
  });
});
