/** A clip failure whose message is written for the person who asked for the clip. */
export class ClipError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ClipError';
  }
}
