/** A response's body: the JSON value when it parses as JSON, else the text as it came. */
export async function jsonOrText(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}
