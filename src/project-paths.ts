import { existsSync } from 'node:fs';
import path from 'node:path';

/**
 * The project root, found by walking up to package.json, so that the same code finds `cards/`
 * whether it runs from src/ (tests, tsx) or from dist/src/ (npm start).
 */
function findProjectRoot(start: string): string {
  let directory = start;
  while (!existsSync(path.join(directory, 'package.json'))) {
    const parent = path.dirname(directory);
    if (parent === directory) throw new Error(`No package.json above ${start}`);
    directory = parent;
  }
  return directory;
}

export const projectRoot = findProjectRoot(__dirname);
export const cardsDirectory = path.join(projectRoot, 'cards');
