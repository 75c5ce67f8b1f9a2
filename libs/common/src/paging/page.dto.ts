import type { Type } from '@nestjs/common';
import { ApiProperty } from '@nestjs/swagger';
import type { Page } from './keyset.js';

const pageTypes = new Map<Type, Type>();

/**
 * The OpenAPI model of one page of a list, `{ items, nextCursor }`, for
 * `@ApiOkResponse({ type: PageType(ContactDto) })`; handlers answer a
 * `Page<ContactDto>`. The schema is named after the item (`ContactDto` →
 * `ContactPageDto`), and one class is made per item type, so every list of the
 * same items shares one schema.
 */
export function PageType<T>(item: Type<T>): Type<Page<T>> {
  let page = pageTypes.get(item);
  if (!page) {
    class PageOfItems implements Page<T> {
      @ApiProperty({ type: [item] })
      items: T[];

      @ApiProperty({ type: String, nullable: true, description: 'Pass as cursor for the next page; null on the last page' })
      nextCursor: string | null;
    }
    // The schema's name in the document; the swagger mapped types name theirs the same way.
    Object.defineProperty(PageOfItems, 'name', { value: `${item.name.replace(/Dto$/, '')}PageDto` });
    page = PageOfItems;
    pageTypes.set(item, page);
  }
  return page as Type<Page<T>>;
}
