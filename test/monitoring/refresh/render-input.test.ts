import {
  InvalidRenderInputError,
  parseRenderInput,
  renderFromInput,
  renderInputText,
  storedRenderInput,
} from "@fleetwatch/monitoring";
import { describe, expect, it } from "vitest";
import { PAYMENTS, STAGING, twoUnitsInput } from "./inputs";

const WHERE = "s3://state/config/0123456789abcdef/render-input.json";
const input = twoUnitsInput();
const stored = storedRenderInput(input);

describe("the stored render input", () => {
  it("reads back as the input it was written from, and renders the same tree", () => {
    const back = parseRenderInput(renderInputText(input), WHERE);
    expect(back).toEqual(input);
    const members = [{ id: PAYMENTS.id, name: "payments-prod" }];
    expect(renderFromInput(back, members)).toEqual(renderFromInput(input, members));
  });

  it("holds no accounts: the refresh brings its own", () => {
    expect(Object.keys(stored.options).sort()).toEqual(["homeAccountId", "slackWebhookUrlFile"]);
    expect(renderInputText(input)).not.toContain(STAGING.id);
  });

  it.each([
    ["text that is not JSON", "{", /: not JSON; the next deploy writes it again$/],
    ["another format", JSON.stringify({ ...stored, format: 2 }), /: format: /],
    ["an unknown key", JSON.stringify({ ...stored, accounts: [] }), /\(top level\): /],
    [
      "a home account id that is no account id",
      JSON.stringify({ ...stored, options: { ...stored.options, homeAccountId: "home" } }),
      /options\.homeAccountId: /,
    ],
    [
      "settings the config package refuses",
      JSON.stringify({ ...stored, settings: { ...stored.settings, scrapeGroups: "all" } }),
      /settings: scrapeGroups: /,
    ],
  ])("refuses %s with one error naming where and what", (_, text, message) => {
    let thrown: unknown;
    try {
      parseRenderInput(text, WHERE);
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(InvalidRenderInputError);
    expect((thrown as Error).message).toMatch(message);
    expect((thrown as Error).message.startsWith(`read the render input ${WHERE}: `)).toBe(true);
    expect((thrown as Error).message).not.toContain("\n");
  });
});
