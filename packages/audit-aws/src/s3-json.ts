import { GetObjectCommand, PutObjectCommand, type S3Client } from "@aws-sdk/client-s3";

/** Reads an object from S3 as UTF-8 text; undefined when the key does not exist (or the object is empty). */
export async function getText(client: S3Client, bucket: string, key: string): Promise<string | undefined> {
  try {
    const out = await client.send(new GetObjectCommand({ Bucket: bucket, Key: key }));
    return (await out.Body?.transformToString("utf8")) || undefined;
  } catch (error) {
    if ((error as { name?: string }).name === "NoSuchKey") return undefined;
    throw error;
  }
}

/** Reads a JSON object from S3; undefined when the key does not exist. */
export async function getJson<T>(client: S3Client, bucket: string, key: string): Promise<T | undefined> {
  const text = await getText(client, bucket, key);
  return text === undefined ? undefined : (JSON.parse(text) as T);
}

/** Writes a JSON object to S3. */
export async function putJson(client: S3Client, bucket: string, key: string, value: unknown): Promise<void> {
  await client.send(
    new PutObjectCommand({
      Bucket: bucket,
      Key: key,
      Body: JSON.stringify(value),
      ContentType: "application/json",
    }),
  );
}
