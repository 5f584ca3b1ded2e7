import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import ts from "typescript";

// Reads the documentation of the config's keys from the TSDoc in types.ts, with the TypeScript compiler's parser.

/** A key of the config as types.ts declares and documents it. */
export interface DocumentedKey {
  /** Dotted path; `[]` stands for any element of an array. */
  readonly path: string;
  /** For a key of one member of a union of objects: the member's discriminator value (`"s3"`). */
  readonly variant?: string;
  /** The discriminator key of that union (`kind`). */
  readonly discriminator?: string;
  /** The type as written in types.ts. */
  readonly type: string;
  readonly optional: boolean;
  /** The TSDoc text, on one line. */
  readonly description: string;
  /** The text of the `@default` tag, if any. */
  readonly default?: string;
}

/** A type alias of types.ts that key types refer to (`Duration`, `Rate`, ...). */
export interface DocumentedAlias {
  readonly name: string;
  readonly description: string;
}

export interface TypesDocumentation {
  readonly keys: DocumentedKey[];
  readonly aliases: DocumentedAlias[];
}

/** types.ts of this package. */
export const TYPES_FILE = fileURLToPath(new URL("./types.ts", import.meta.url));

type Declaration = ts.InterfaceDeclaration | ts.TypeAliasDeclaration;

/** The documented keys of `root` (and of every object type under it) and the aliases they use. */
export function readTypesDocumentation(file = TYPES_FILE, root = "FleetwatchConfig"): TypesDocumentation {
  const source = ts.createSourceFile(file, readFileSync(file, "utf8"), ts.ScriptTarget.Latest, true);
  const declarations = new Map<string, Declaration>();
  for (const statement of source.statements) {
    if (ts.isInterfaceDeclaration(statement) || ts.isTypeAliasDeclaration(statement)) {
      declarations.set(statement.name.text, statement);
    }
  }
  const rootDeclaration = declarations.get(root);
  if (!rootDeclaration || !ts.isInterfaceDeclaration(rootDeclaration)) {
    throw new TypeError(`read ${file}: no interface ${root}`);
  }
  const keys: DocumentedKey[] = [];
  const reader = new KeyReader(declarations, keys);
  reader.members(reader.membersOf(rootDeclaration), "", undefined);
  const aliases = [...declarations.values()]
    .filter(
      (d): d is ts.TypeAliasDeclaration => ts.isTypeAliasDeclaration(d) && objectUnion(d.type) === undefined,
    )
    .map((d) => ({ name: d.name.text, description: docOf(d).description }));
  return { keys, aliases };
}

const printer = ts.createPrinter({ removeComments: true });

type Variant = { discriminator: string; value: string } | undefined;

class KeyReader {
  constructor(
    private readonly declarations: ReadonlyMap<string, Declaration>,
    private readonly keys: DocumentedKey[],
  ) {}

  /** Members of an interface, those of the interfaces it extends first. */
  membersOf(declaration: ts.InterfaceDeclaration): ts.TypeElement[] {
    const inherited = (declaration.heritageClauses ?? [])
      .flatMap((clause) => clause.types)
      .flatMap((base) => {
        const parent = this.declarations.get(base.expression.getText());
        return parent && ts.isInterfaceDeclaration(parent) ? this.membersOf(parent) : [];
      });
    return [...inherited, ...declaration.members];
  }

  members(members: readonly ts.TypeElement[], prefix: string, variant: Variant): void {
    for (const member of members) {
      if (!ts.isPropertySignature(member) || !member.type) continue;
      const path = prefix ? `${prefix}.${member.name.getText()}` : member.name.getText();
      const doc = docOf(member);
      this.keys.push({
        path,
        ...(variant && { variant: variant.value, discriminator: variant.discriminator }),
        type: oneLine(printer.printNode(ts.EmitHint.Unspecified, member.type, member.getSourceFile())),
        optional: member.questionToken !== undefined,
        ...doc,
      });
      this.nested(member.type, path);
    }
  }

  /** The keys under a key of this type, if it is an object, a list of objects or a union of objects. */
  private nested(type: ts.TypeNode, path: string): void {
    const union = objectUnion(type);
    if (ts.isParenthesizedTypeNode(type)) {
      this.nested(type.type, path);
    } else if (ts.isTypeLiteralNode(type)) {
      this.members(type.members, path, undefined);
    } else if (ts.isArrayTypeNode(type)) {
      this.nested(type.elementType, `${path}[]`);
    } else if (union) {
      for (const member of union) this.members(member.members, path, variantOf(member));
    } else if (ts.isTypeReferenceNode(type)) {
      const declaration = this.declarations.get(type.typeName.getText());
      if (declaration && ts.isInterfaceDeclaration(declaration)) {
        this.members(this.membersOf(declaration), path, undefined);
      } else if (declaration && objectUnion(declaration.type)) {
        this.nested(declaration.type, path);
      }
    }
  }
}

/** The members of a union of object literal types, or undefined for any other type. */
function objectUnion(type: ts.TypeNode): ts.TypeLiteralNode[] | undefined {
  if (!ts.isUnionTypeNode(type) || !type.types.every(ts.isTypeLiteralNode)) return undefined;
  return [...type.types];
}

/** The first key of a union member typed as a string literal: its discriminator and value. */
function variantOf(member: ts.TypeLiteralNode): Variant {
  for (const property of member.members) {
    if (ts.isPropertySignature(property) && property.type && ts.isLiteralTypeNode(property.type)) {
      const literal = property.type.literal;
      if (ts.isStringLiteral(literal)) return { discriminator: property.name.getText(), value: literal.text };
    }
  }
  return undefined;
}

function docOf(node: ts.Node): { description: string; default?: string } {
  const jsDoc = ts.getJSDocCommentsAndTags(node).filter(ts.isJSDoc).at(-1);
  const description = oneLine(ts.getTextOfJSDocComment(jsDoc?.comment) ?? "");
  const tag = ts.getJSDocTags(node).find((t) => t.tagName.text === "default");
  const value = tag && oneLine(ts.getTextOfJSDocComment(tag.comment) ?? "");
  return value === undefined ? { description } : { description, default: value };
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

/** A `@default` text that is no literal value, e.g. a placeholder. */
export const NOT_A_LITERAL: unique symbol = Symbol("not a literal");

/**
 * The value a `@default` text stands for: a TypeScript literal (`"30d"`, `2`, `[]`, `{ kind: "upstream" }`),
 * or `undefined` followed by an explanation. {@link NOT_A_LITERAL} for anything else.
 */
export function defaultValueOf(text: string): unknown {
  if (/^undefined\b/.test(text)) return undefined;
  const source = ts.createSourceFile("default.ts", `(${text});`, ts.ScriptTarget.Latest);
  const [statement] = source.statements;
  if (source.statements.length !== 1 || !statement || !ts.isExpressionStatement(statement))
    return NOT_A_LITERAL;
  return literalValue(statement.expression);
}

function literalValue(node: ts.Expression): unknown {
  if (ts.isParenthesizedExpression(node)) return literalValue(node.expression);
  if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) return node.text;
  if (ts.isNumericLiteral(node)) return Number(node.text);
  if (node.kind === ts.SyntaxKind.TrueKeyword) return true;
  if (node.kind === ts.SyntaxKind.FalseKeyword) return false;
  if (ts.isArrayLiteralExpression(node)) {
    const items = node.elements.map(literalValue);
    return items.includes(NOT_A_LITERAL) ? NOT_A_LITERAL : items;
  }
  if (ts.isObjectLiteralExpression(node)) {
    const entries: [string, unknown][] = [];
    for (const property of node.properties) {
      if (!ts.isPropertyAssignment(property)) return NOT_A_LITERAL;
      const name = property.name;
      if (!ts.isIdentifier(name) && !ts.isStringLiteral(name)) return NOT_A_LITERAL;
      const value = literalValue(property.initializer);
      if (value === NOT_A_LITERAL) return NOT_A_LITERAL;
      entries.push([name.text, value]);
    }
    return Object.fromEntries(entries);
  }
  return NOT_A_LITERAL;
}
