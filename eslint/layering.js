// The layering rule (DESIGN.md, Layout): which folder may import which. Relative imports are
// resolved against the importing file, so the rule judges where an import lands, not how it is spelled.
import { dirname, relative, resolve, sep } from 'node:path';

const ROOT = resolve(import.meta.dirname, '..');

/** The layer a project file belongs to, or null outside the layered folders. */
function layerOf(file) {
  const rel = relative(ROOT, file).split(sep).join('/');
  if (rel.startsWith('electron/core/api/')) return 'core/api';
  for (const layer of ['electron/core', 'electron/main', 'electron/preload', 'renderer']) {
    if (rel.startsWith(`${layer}/`)) return layer.replace('electron/', '');
  }
  if (rel.startsWith('electron/')) return 'electron';
  return null;
}

/** What an import specifier points at: the Electron package, a project layer, or nothing we police. */
function targetOf(spec, fromFile) {
  if (spec === 'electron' || spec.startsWith('electron/')) return 'electron-package';
  if (!spec.startsWith('.') && !spec.startsWith('/')) return null;
  return layerOf(resolve(dirname(fromFile), spec));
}

const inCore = (t) => t === 'core' || t === 'core/api';

/** Why `layer` may not import `target` (type-only or not), or null when it may. */
function violation(layer, target, typeOnly) {
  if (!layer || !target) return null;
  if (inCore(layer)) {
    if (target === 'electron-package') return 'electron/core runs outside Electron: it may not import "electron"';
    if (!inCore(target)) return `electron/core may not import from ${target}`;
    return null;
  }
  if (layer === 'renderer') {
    if (target === 'electron-package') return 'the renderer may not import "electron": use the client';
    if (target === 'core/api') return typeOnly ? null : 'the renderer may import only types from electron/core/api (use `import type`)';
    if (target !== 'renderer') return `the renderer may not import from ${target === 'electron' ? 'electron/' : target}`;
    return null;
  }
  if (target === 'renderer') return `${layer} may not import from the renderer`;
  return null;
}

export const layering = {
  meta: {
    type: 'problem',
    docs: { description: 'Enforce the layering between electron/core, electron/main, electron/preload and renderer' },
    schema: [],
    messages: { layering: '{{why}} (imported: "{{spec}}")' },
  },
  create(context) {
    const file = context.filename;
    const layer = layerOf(file);
    if (!layer) return {};
    const check = (node, source, typeOnly) => {
      if (!source || typeof source.value !== 'string') return;
      const why = violation(layer, targetOf(source.value, file), typeOnly);
      if (why) context.report({ node, messageId: 'layering', data: { why, spec: source.value } });
    };
    return {
      // Only `import type` / `export type` vanish at runtime: with verbatimModuleSyntax an
      // `import { type X }` still loads the module.
      ImportDeclaration: (node) => check(node, node.source, node.importKind === 'type'),
      ExportNamedDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
      ExportAllDeclaration: (node) => check(node, node.source, node.exportKind === 'type'),
      ImportExpression: (node) => check(node, node.source, false),
      TSImportEqualsDeclaration: (node) => check(node, node.moduleReference.expression, node.importKind === 'type'),
      CallExpression: (node) => {
        if (node.callee.type === 'Identifier' && node.callee.name === 'require') check(node, node.arguments[0], false);
      },
    };
  },
};

export default { rules: { layering } };
