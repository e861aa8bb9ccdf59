/**
 * `nx g @comidl/nx:library`: what `comidl init` writes, into Nx's tree (here a tree in memory with the
 * methods the generator uses), and never over a file that exists.
 */
import * as path from 'node:path';
import libraryGenerator = require('../src/library-generator.js');

const ROOT = path.resolve(__dirname, '../../..');

function memoryTree(files: Record<string, string> = {}) {
  const written = new Map(Object.entries(files));
  return { root: ROOT, exists: (p: string) => written.has(p), write: (p: string, text: string) => void written.set(p, text), written };
}

describe('the library generator', () => {
  it('writes the config and the starter IDL into idl/NAME, naming the shipped schema', async () => {
    const tree = memoryTree();
    await libraryGenerator(tree, { name: 'shell', scope: '@shell' });
    expect([...tree.written.keys()]).toEqual(['idl/shell/comidl.config.json', 'idl/shell/shell.idl']);
    expect(JSON.parse(tree.written.get('idl/shell/comidl.config.json')!)).toEqual({
      $schema: '../../packages/cli/comidl.config.schema.json',
      name: 'shell',
      scope: '@shell',
      files: ['shell.idl'],
    });
    expect(tree.written.get('idl/shell/shell.idl')).toMatch(/import "unknwn.idl";[\s\S]*uuid\([0-9a-f-]{36}\)[\s\S]*interface IShell : IUnknown/);
  });

  it('takes another folder', async () => {
    const tree = memoryTree();
    await libraryGenerator(tree, { name: 'x', directory: 'libs/x-idl' });
    expect([...tree.written.keys()]).toEqual(['libs/x-idl/comidl.config.json', 'libs/x-idl/x.idl']);
    expect(JSON.parse(tree.written.get('libs/x-idl/comidl.config.json')!)).toMatchObject({ scope: '@x' });
  });

  it('writes nothing over an existing file, and refuses a bad name', async () => {
    const tree = memoryTree({ 'idl/shell/shell.idl': 'mine' });
    await expect(libraryGenerator(tree, { name: 'shell' })).rejects.toThrow('idl/shell/shell.idl exists already; nothing was written');
    expect([...tree.written.keys()]).toEqual(['idl/shell/shell.idl']);
    await expect(libraryGenerator(memoryTree(), { name: 'Bad' })).rejects.toThrow(/--name Bad: a lowercase package name/);
  });
});
