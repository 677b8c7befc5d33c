/**
 * The GraphQL Kindred sends to ForumMagnum sites (LessWrong, the AI Alignment Forum, the EA Forum).
 *
 * Every name here is from ForumMagnum's generated schema, `packages/lesswrong/lib/generated/gqlSchema.gql`
 * in ForumMagnum/ForumMagnum (read at commit 1b45da5, August 2026), in the current `selector:` form
 * (the `input:` argument is deprecated there):
 * - `post(selector: SelectorInput)`, `SelectorInput { _id }` → `SinglePostOutput { result: Post }`;
 * - `posts(selector: PostSelector, limit, offset)` → `MultiPostOutput { results }`, with the views
 *   `tagRelevance: { tagId, filterSettings }` and `userPosts: { userId, before, after }`;
 * - `sequence(selector: SelectorInput)` → `Sequence { title, user, chapters: [Chapter] }`,
 *   `Chapter { title, number, posts: [Post] }` (the chapters resolver, "used by an external API user",
 *   `lib/collections/sequences/newSchema.ts`; chapters come sorted by `number`, `sequenceServerHelpers.ts`);
 * - `tags(selector: { tagBySlug: { slug } })` and `users(selector: { usersProfile: { slug } })`
 *   (the single `tag` and `user` queries take only an `_id`); `Tag { _id, name, postCount }`,
 *   `User { _id, displayName, slug, postCount }`;
 * - `comments(selector: { postCommentsTop: { postId } }, limit)` → `Comment { parentCommentId, htmlBody, user }`.
 * Post fields: `_id title pageUrl postedAt htmlBody baseScore user coauthors tags`.
 * The tag query passes `filterSettings` with the tag "Required", as the site's own tag page does
 * (`components/tagging/TagPageUtils.tsx`): the `tagRelevance` view only sorts.
 */

const POST_FIELDS = `_id title pageUrl postedAt htmlBody baseScore
  user { displayName slug }
  coauthors { displayName }
  tags { name slug }`;

export const POST_QUERY = `query KindredPost($id: String) {
  post(selector: { _id: $id }) { result { ${POST_FIELDS} } }
}`;

export const SEQUENCE_QUERY = `query KindredSequence($id: String) {
  sequence(selector: { _id: $id }) {
    result {
      _id title
      user { displayName }
      chapters { _id title number posts { ${POST_FIELDS} } }
    }
  }
}`;

export const TAG_QUERY = `query KindredTag($slug: String) {
  tags(selector: { tagBySlug: { slug: $slug } }, limit: 1) { results { _id name slug postCount } }
}`;

export const TAG_POSTS_QUERY = `query KindredTagPosts($tagId: String, $filterSettings: JSON, $limit: Int, $offset: Int) {
  posts(selector: { tagRelevance: { tagId: $tagId, filterSettings: $filterSettings } }, limit: $limit, offset: $offset) {
    results { ${POST_FIELDS} }
  }
}`;

export const USER_QUERY = `query KindredUser($slug: String) {
  users(selector: { usersProfile: { slug: $slug } }, limit: 1) { results { _id displayName slug postCount } }
}`;

export const USER_POSTS_QUERY = `query KindredUserPosts($userId: String, $before: String, $after: String, $limit: Int) {
  posts(selector: { userPosts: { userId: $userId, before: $before, after: $after } }, limit: $limit) {
    results { ${POST_FIELDS} }
  }
}`;

export const COMMENTS_QUERY = `query KindredComments($postId: String, $limit: Int) {
  comments(selector: { postCommentsTop: { postId: $postId } }, limit: $limit) {
    results { _id parentCommentId htmlBody user { displayName } }
  }
}`;

/** Posts per page of a tag or an author. */
export const PAGE_SIZE = 50;

/**
 * The largest `offset` ForumMagnum accepts (`maxAllowedApiSkip`, default 2000, in
 * `lib/instanceSettings.ts`; past it the resolver throws "Exceeded maximum value for skip",
 * `server/resolvers/defaultResolvers.ts`). A tag's relevance order has no date to page by, so a
 * tag import ends there; an author's posts are paged by date windows (`before`) instead.
 */
export const MAX_OFFSET = 2000;

/** Top comments fetched per post when comments are asked for. */
export const COMMENT_LIMIT = 20;
